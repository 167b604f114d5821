import { useEffect, useRef, useState } from "react";
import { Home } from "./home/Home";
import { DeviceCheck } from "./devices/DeviceCheck";
import { InterviewRoom } from "./interview/InterviewRoom";
import { History } from "./history/History";
import { Replay } from "./replay/Replay";
import { Progress } from "./progress/Progress";
import { Settings } from "./settings/Settings";
import { useStoredTheme } from "./settings/useStoredTheme";
import { FirstRunGuide } from "./welcome/FirstRunGuide";
import { useFirstRunGate } from "./welcome/useFirstRunGate";
import type { Route } from "./nav";

const SECTIONS: { route: Route; label: string }[] = [
  { route: { name: "home" }, label: "Practice" },
  { route: { name: "history" }, label: "History" },
  { route: { name: "progress" }, label: "Progress" },
  { route: { name: "settings" }, label: "Settings" },
];

/** The app's frame: a navigation bar and the current screen. */
export function App() {
  const [route, setRoute] = useState<Route>({ name: "home" });
  // The live interview owns the whole window: leaving it goes through its own "end" control.
  // So does the first-run guide, left by finishing or skipping it.
  const immersive = route.name === "interview" || route.name === "device-check" || route.name === "welcome";
  useFocusOnNavigate(route);
  useStoredTheme();
  // Until the store says whether the guide shows, draw nothing rather than flash home.
  const deciding = useFirstRunGate(setRoute);
  if (deciding) return <div className="app" aria-busy="true" />;

  return (
    <div className="app">
      {!immersive && (
        <nav className="appnav" aria-label="Sections">
          {SECTIONS.map((s) => (
            <button
              key={s.route.name}
              type="button"
              className="navlink"
              aria-current={route.name === s.route.name ? "page" : undefined}
              onClick={() => setRoute(s.route)}
            >
              {s.label}
            </button>
          ))}
        </nav>
      )}
      <Screen route={route} navigate={setRoute} />
    </div>
  );
}

function Screen({ route, navigate }: { route: Route; navigate: (r: Route) => void }) {
  switch (route.name) {
    case "home":
      return <Home navigate={navigate} />;
    case "welcome":
      return <FirstRunGuide navigate={navigate} problem={route.problem} />;
    case "device-check":
      return <DeviceCheck navigate={navigate} start={route.start} />;
    case "interview":
      return <InterviewRoom navigate={navigate} start={route.start} />;
    case "history":
      return <History navigate={navigate} />;
    case "replay":
      return <Replay navigate={navigate} {...route} />;
    case "progress":
      return <Progress navigate={navigate} />;
    case "settings":
      return <Settings navigate={navigate} page={route.page} />;
  }
}

/**
 * After moving to another screen, focus its main heading so keyboard and screen-reader users
 * start at the top of the new screen instead of on a control that no longer exists.
 */
function useFocusOnNavigate(route: Route) {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = document.querySelector<HTMLElement>(".app h1");
    if (!heading) return;
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }, [route]);
}
