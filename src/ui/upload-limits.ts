// Upload limits, checked on the file's size before a byte is read: a data file the engines could
// use is far smaller (MNIST's largest file is 47 MB), and reading a multi-GB file would freeze the tab.

export const MAX_DATA_UPLOAD_BYTES = 256 * 2 ** 20;
export const MAX_RESULTS_UPLOAD_BYTES = 512 * 2 ** 20;

/** null when the file may be read, else the message to show. */
export function uploadTooLarge(name: string, size: number, limit: number): string | null {
  if (size <= limit) return null;
  const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MB`;
  return `${name} is ${mb(size)}; uploads are limited to ${mb(limit)}`;
}
