import { Home } from "./home/Home";

/** The app's screens. Only the home screen exists so far; the interview flow adds the rest. */
export function App() {
  return <Home />;
}
