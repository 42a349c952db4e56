export { refreshLink, type RefreshLinkOptions } from "./refresh-link.ts";
export { getAppErrorCode } from "./app-error-code.ts";
export {
  coordinateAcrossTabs,
  CROSS_TAB_NAME,
  type BroadcastChannelConstructor,
  type BroadcastChannelLike,
  type CoordinatedRefresh,
  type CrossTabEvent,
  type CrossTabMessage,
  type CrossTabOptions,
  type CrossTabRefreshResult,
  type LockManagerLike,
} from "./cross-tab.ts";
export {
  createProactiveRefresh,
  defaultLeadTime,
  type ProactiveRefresh,
  type ProactiveRefreshOptions,
} from "./proactive-refresh.ts";
export type { Expiry, RefreshResult, Timers } from "./refresh-result.ts";
