/**
 * The settings page's per-kind choice of notification e-mail: a plain form (a server action),
 * so it works without JavaScript. Off is the default for every kind.
 */
export function NotificationEmailSettings(props: {
  action: (formData: FormData) => Promise<void>;
  kinds: { kind: string; label: string; mode: "off" | "instant" | "daily" }[];
  /** The verified address mail goes to, or null: then nothing is sent whatever is chosen. */
  email: string | null;
}) {
  return (
    <form action={props.action} className="mt-2 text-sm">
      <p className="text-stone-600 dark:text-stone-400">
        {props.email ? (
          <>
            Sent to <strong>{props.email}</strong>. “At once” sends at most one e-mail every 10 minutes with whatever
            came meanwhile; the daily summary comes once a day. Every e-mail has a one-click unsubscribe link.
          </>
        ) : (
          <>
            Notification e-mail goes only to an address GitHub has verified, and your account has none: nothing will be
            sent.
          </>
        )}
      </p>
      <table className="mt-2">
        <tbody>
          {props.kinds.map((entry) => (
            <tr key={entry.kind}>
              <td className="py-1 pr-3">
                <label htmlFor={`email-${entry.kind}`}>{entry.label}</label>
              </td>
              <td className="py-1">
                <select
                  id={`email-${entry.kind}`}
                  name={`email-${entry.kind}`}
                  defaultValue={entry.mode}
                  className="rounded border border-stone-300 bg-white px-1.5 py-0.5 dark:border-stone-700 dark:bg-stone-900"
                >
                  <option value="off">Off</option>
                  <option value="instant">At once</option>
                  <option value="daily">Daily summary</option>
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="submit" className="mt-2 rounded border border-stone-400 px-3 py-1">
        Save e-mail settings
      </button>
    </form>
  );
}
