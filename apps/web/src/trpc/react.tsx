import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import type { TRPCLink } from "@trpc/client";
import { createTRPCReact } from "@trpc/react-query";
import type { AppRouter } from "@tropical/api";
import { useState, type ReactNode } from "react";

export const trpc = createTRPCReact<AppRouter>();

export interface TrpcProviderProps {
  queryClient: QueryClient;
  links: TRPCLink<AppRouter>[];
  children: ReactNode;
}

export function TrpcProvider({ queryClient, links, children }: TrpcProviderProps) {
  // One client per page: the links (and the refresh link's single flight) must not be rebuilt.
  const [client] = useState(() => trpc.createClient({ links }));
  return (
    <trpc.Provider client={client} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </trpc.Provider>
  );
}
