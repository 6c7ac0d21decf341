// The catalogs a view needs before it can mount, shared by the shell's views.

const RETRY_MS = 1500;

/** api.catalogs(), retried while the server is away (the shell's banner says so). */
export async function loadCatalogs(api, ctx) {
  for (;;) {
    try {
      const catalogs = await api.catalogs();
      ctx.showError(null);
      return catalogs;
    } catch {
      ctx.showError(ctx.t('banner.catalogs'));
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
}
