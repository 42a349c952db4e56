import type { RouterOutputs } from "@tropical/api";

export type Device = RouterOutputs["devices"]["list"][number];

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function When({ date }: { date: Date }) {
  return <time dateTime={date.toISOString()}>{dateTime.format(date)}</time>;
}

export interface DeviceRowProps {
  device: Device;
  /** This row's sign-out is in flight. */
  pending: boolean;
  /** Some action is in flight: no second one starts meanwhile. */
  busy: boolean;
  onSignOut: (device: Device) => void;
}

/** One signed-in device: what it is, where it was last seen, and a way to sign it out. */
export function DeviceRow({ device, pending, busy, onSignOut }: DeviceRowProps) {
  const headingId = `device-${device.id}-label`;
  return (
    <li
      className={device.isCurrent ? "device-row current" : "device-row"}
      data-testid="device"
      data-current={device.isCurrent ? "true" : "false"}
      aria-labelledby={headingId}
    >
      <div className="device-main">
        <h3 className="device-label">
          <span id={headingId} data-testid="device-label">
            {device.label}
          </span>
          {device.isCurrent && (
            <span className="badge" data-testid="current-device-badge">
              This device
            </span>
          )}
        </h3>
        <dl className="device-facts">
          <div>
            <dt>IP address</dt>
            <dd data-testid="device-ip">{device.ip ?? "Unknown"}</dd>
          </div>
          <div>
            <dt>First seen</dt>
            <dd data-testid="device-first-seen">
              <When date={device.firstSeenAt} />
            </dd>
          </div>
          <div>
            <dt>Last used</dt>
            <dd data-testid="device-last-used">
              <When date={device.lastUsedAt} />
            </dd>
          </div>
          {device.activeSessions > 1 && (
            <div>
              <dt>Sessions</dt>
              <dd data-testid="device-sessions">{device.activeSessions}</dd>
            </div>
          )}
        </dl>
      </div>
      <button
        type="button"
        className="button small"
        aria-label={device.isCurrent ? `Sign out this device (${device.label})` : `Sign out ${device.label}`}
        onClick={() => onSignOut(device)}
        disabled={busy}
      >
        {pending ? "Signing out…" : "Sign out"}
      </button>
    </li>
  );
}
