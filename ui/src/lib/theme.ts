/**
 * The colour theme. `system` follows the operating system (prefers-color-scheme); `light` and
 * `dark` override it through `data-theme` on <html>, which styles.css reads.
 */
export type Theme = "system" | "light" | "dark";

export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  if (theme === "system") delete root.dataset.theme;
  else root.dataset.theme = theme;
}
