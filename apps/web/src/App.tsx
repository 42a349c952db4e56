import { Navigate, Route, Routes } from "react-router";
import { AuthGate, RedirectIfSignedIn, RequireSignedIn } from "./auth/guards.tsx";
import { CalendarPage } from "./pages/CalendarPage.tsx";
import { DevicesPage } from "./pages/DevicesPage.tsx";
import { LoginPage } from "./pages/LoginPage.tsx";

export function App() {
  return (
    <AuthGate>
      <Routes>
        <Route
          path="/login"
          element={
            <RedirectIfSignedIn>
              <LoginPage />
            </RedirectIfSignedIn>
          }
        />
        {["/", "/calendar"].map((path) => (
          <Route
            key={path}
            path={path}
            element={
              <RequireSignedIn>
                <CalendarPage />
              </RequireSignedIn>
            }
          />
        ))}
        <Route
          path="/devices"
          element={
            <RequireSignedIn>
              <DevicesPage />
            </RequireSignedIn>
          }
        />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </AuthGate>
  );
}
