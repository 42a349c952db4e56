import { getAppErrorCode } from "@tropical/refresh-link";
import { useState } from "react";
import { useAuth } from "../auth/auth-context.ts";
import { AppHeader } from "../components/AppHeader.tsx";
import { type Device, DeviceRow } from "../components/devices/DeviceRow.tsx";
import "../components/devices/devices.css";
import { describeFailure } from "../trpc/errors.ts";
import { trpc } from "../trpc/react.tsx";
import { LoadError } from "../components/LoadError.tsx";

type Action = { kind: "revoke"; device: Device } | { kind: "others" } | { kind: "everywhere" };

function describeActionFailure(error: unknown): string {
  if (getAppErrorCode(error) === "NOT_FOUND") return "That device is already signed out.";
  return describeFailure(error);
}

function sessions(count: number): string {
  return count === 1 ? "1 session" : `${count} sessions`;
}

/**
 * Where the user sees every browser signed in to their account and signs them out: one device,
 * all other devices, or everywhere. Ending this browser's own session leaves for the login page.
 */
export function DevicesPage() {
  const { state, signOut } = useAuth();
  const utils = trpc.useUtils();
  const list = trpc.devices.list.useQuery();
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState<Action | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const revoke = trpc.devices.revoke.useMutation();
  const logoutOthers = trpc.devices.logoutOthers.useMutation();
  const logoutEverywhere = trpc.devices.logoutEverywhere.useMutation();

  // The guard only renders this page when signed in; the check narrows the type.
  if (state.status !== "signed-in") return null;

  /**
   * The server has already ended this session and cleared its cookies; `signOut` makes the app
   * forget it and land on /login. Should that call fail, asking for the status again ends the
   * session through the refresh link (no refresh token left → sign-in page).
   */
  async function leave() {
    try {
      await signOut();
    } catch {
      await utils.auth.status.invalidate();
    }
  }

  async function run(action: Action) {
    setPending(action);
    setFailure(null);
    setDone(null);
    try {
      if (action.kind === "revoke") {
        const result = await revoke.mutateAsync({ deviceId: action.device.id });
        if (result.signedOut) return await leave();
        await utils.devices.list.invalidate();
        setDone(`Signed out ${action.device.label} (${sessions(result.revokedSessions)}).`);
      } else if (action.kind === "others") {
        const result = await logoutOthers.mutateAsync();
        await utils.devices.list.invalidate();
        setDone(
          result.revokedSessions === 0
            ? "No other device was signed in."
            : `Signed out ${sessions(result.revokedSessions)} on other devices.`,
        );
      } else {
        await logoutEverywhere.mutateAsync();
        return await leave();
      }
    } catch (error) {
      setFailure(`Couldn't sign out. ${describeActionFailure(error)}`);
      // The list may be out of date (e.g. the device was signed out elsewhere).
      void utils.devices.list.invalidate();
    } finally {
      setPending(null);
    }
  }

  const busy = pending !== null;
  const devices = list.data ?? [];

  return (
    <div className="app" data-testid="devices-page">
      <AppHeader user={state.user} />
      <main className="devices-layout">
        <section className="card" aria-labelledby="devices-title">
          <h1 id="devices-title">Devices</h1>
          <p className="muted devices-intro">
            Browsers signed in to your account. Sign out any you don't recognise; it takes effect at once.
          </p>
          {done && (
            <p className="notice info" role="status" data-testid="devices-notice">
              {done}
            </p>
          )}
          {failure && (
            <p className="notice warning" role="alert" data-testid="devices-action-error">
              {failure}
            </p>
          )}
          {list.error && (
            <LoadError what="your devices" error={list.error} onRetry={() => void list.refetch()} testId="devices-error" />
          )}
          {list.isPending && (
            <p className="muted" role="status">
              Loading devices…
            </p>
          )}
          {list.data && (
            <ul className="device-list" aria-label="Signed-in devices" data-testid="device-list">
              {devices.map((device) => (
                <DeviceRow
                  key={device.id}
                  device={device}
                  pending={pending?.kind === "revoke" && pending.device.id === device.id}
                  busy={busy}
                  onSignOut={(target) => void run({ kind: "revoke", device: target })}
                />
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="devices-everywhere-title">
          <h2 id="devices-everywhere-title">Sign out several devices</h2>
          <div className="devices-actions">
            <button
              type="button"
              className="button"
              onClick={() => void run({ kind: "others" })}
              disabled={busy}
            >
              {pending?.kind === "others" ? "Logging out…" : "Log out all other devices"}
            </button>
            <button type="button" className="button danger" onClick={() => void run({ kind: "everywhere" })} disabled={busy}>
              {pending?.kind === "everywhere" ? "Logging out…" : "Log out everywhere"}
            </button>
          </div>
        </section>
      </main>
    </div>
  );
}
