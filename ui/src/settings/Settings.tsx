import type { ScreenProps } from "../nav";
import { DeviceSettings } from "../devices/DeviceSettings";
import { GeneralSettings } from "./GeneralSettings";
import { ModelSettings } from "./ModelSettings";
import { PrivacyPage } from "./PrivacyPage";
import { ShowGuideAgain } from "../welcome/ShowGuideAgain";
import { VoiceSettings } from "./VoiceSettings";
import "./settings.css";

export type SettingsPage = "general" | "devices" | "model" | "privacy";

const PAGES: { page: SettingsPage; label: string }[] = [
  { page: "general", label: "General" },
  { page: "devices", label: "Devices" },
  { page: "model", label: "Speech model" },
  { page: "privacy", label: "Privacy" },
];

/** Settings: general choices, devices, the speech model, and what is stored where. */
export function Settings({ navigate, page = "general" }: ScreenProps & { page?: SettingsPage }) {
  const current = PAGES.find((p) => p.page === page) ?? PAGES[0];
  return (
    <main className="page wide settings" aria-labelledby="settings-title">
      <header className="screen-head">
        <h1 id="settings-title">Settings</h1>
      </header>
      <nav className="subnav" aria-label="Settings pages">
        {PAGES.map((p) => (
          <button
            key={p.page}
            type="button"
            className="subnav-link"
            aria-current={p.page === page ? "page" : undefined}
            onClick={() => navigate({ name: "settings", page: p.page })}
          >
            {p.label}
          </button>
        ))}
      </nav>
      <section className="settings-page" aria-label={current?.label}>
        {page === "general" && (
          <>
            <GeneralSettings />
            <VoiceSettings />
            <ShowGuideAgain navigate={navigate} />
          </>
        )}
        {page === "devices" && <DeviceSettings />}
        {page === "model" && <ModelSettings />}
        {page === "privacy" && <PrivacyPage />}
      </section>
    </main>
  );
}
