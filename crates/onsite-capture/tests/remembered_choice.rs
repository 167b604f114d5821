//! The chosen devices survive a restart: saved in a real store file, read back after reopening.

use onsite_capture::camera::CameraChoice;
use onsite_capture::devices::{DeviceChoice, Devices, SETTINGS_KEY};
use onsite_capture::mic::MicChoice;
use onsite_datadir::DataDir;
use onsite_store::Store;

#[test]
fn the_choice_round_trips_through_the_store_and_junk_reads_as_no_choice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = DataDir::open(Some(dir.path())).expect("data dir");
    let chosen = DeviceChoice {
        camera: Some("synthetic".into()),
        mic: Some("USB Audio Device".into()),
    };
    {
        let mut store = Store::open(&data).expect("store");
        assert_eq!(
            DeviceChoice::from_setting(store.setting(SETTINGS_KEY).expect("read")),
            DeviceChoice::default(),
            "nothing chosen on a fresh install"
        );
        store
            .set_setting(SETTINGS_KEY, &chosen.to_setting())
            .expect("save");
    }
    let mut store = Store::open(&data).expect("reopen");
    let back = DeviceChoice::from_setting(store.setting(SETTINGS_KEY).expect("read"));
    assert_eq!(back, chosen);
    let none = Devices {
        microphones: Vec::new(),
        cameras: Vec::new(),
    };
    assert_eq!(
        back.resolve(&none),
        (
            CameraChoice::Synthetic,
            MicChoice::Named("USB Audio Device".into())
        )
    );

    store
        .set_setting(SETTINGS_KEY, &serde_json::json!({ "camera": 7 }))
        .expect("save junk");
    assert_eq!(
        DeviceChoice::from_setting(store.setting(SETTINGS_KEY).expect("read")),
        DeviceChoice::default()
    );
}
