import { commands, type PrivacyFacts_Serialize as PrivacyFacts } from "../bindings";
import { AsyncView } from "../lib/AsyncView";
import { bytes } from "../lib/dates";
import { useCommand } from "../lib/useCommand";

const loadFacts = () => commands.privacyFacts();

/** Exactly what Onsite stores, where, and how much. */
export function PrivacyPage() {
  const [facts, reload] = useCommand(loadFacts);
  return (
    <AsyncView state={facts} loading="Reading the data folder…" onRetry={reload}>
      {(data) => <Facts facts={data} />}
    </AsyncView>
  );
}

function Facts({ facts }: { facts: PrivacyFacts }) {
  return (
    <div className="privacy">
      <section className="card" aria-labelledby="promise-heading">
        <h2 id="promise-heading">Our promise</h2>
        <ul>
          {facts.statements.map((s) => (
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
            {facts.places.map((p) => (
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
