import { commands } from "../bindings";
import { bytes } from "../lib/dates";
import { useCommand } from "../lib/useCommand";

const loadFacts = () => commands.privacyFacts();

/** Exactly what Onsite stores, where, and how much. */
export function PrivacyPage() {
  const [facts] = useCommand(loadFacts);
  if (facts.status === "loading") {
    return (
      <p role="status" className="muted">
        Reading the data folder…
      </p>
    );
  }
  if (facts.status === "error") {
    return (
      <p role="alert" className="error" data-code={facts.error.code}>
        {facts.error.message}
      </p>
    );
  }
  return (
    <div className="privacy">
      <section className="card" aria-labelledby="promise-heading">
        <h2 id="promise-heading">Our promise</h2>
        <ul>
          {facts.data.statements.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="where-heading">
        <h2 id="where-heading">What is stored where</h2>
        <table className="places" data-testid="privacy-places">
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">Where</th>
              <th scope="col">Size</th>
            </tr>
          </thead>
          <tbody>
            {facts.data.places.map((p) => (
              <tr key={`${p.what}-${p.path}`}>
                <th scope="row">
                  {p.what}
                  <p className="hint">{p.holds}</p>
                </th>
                <td>
                  <code>{p.path}</code>
                </td>
                <td>{p.size_bytes === null || p.size_bytes === undefined ? "not created" : bytes(p.size_bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
