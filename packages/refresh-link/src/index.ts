export { refreshLink, type RefreshLinkOptions } from "./refresh-link.ts";
export { getAppErrorCode } from "./app-error-code.ts";
