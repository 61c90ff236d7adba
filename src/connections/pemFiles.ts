import * as fs from 'node:fs/promises';

/** The CA and client certificate files a broker profile names, read when it connects; a file that cannot be read says which one and why. */
export async function readPemFiles(caFile: string | undefined, certFile: string | undefined): Promise<{ ca?: string; cert?: string }> {
  const read = async (what: string, file: string | undefined): Promise<string | undefined> => {
    if (!file) return undefined;
    try {
      return await fs.readFile(file, 'utf8');
    } catch (error) {
      throw new Error(`Could not read the ${what} ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const [ca, cert] = await Promise.all([read('CA certificate', caFile), read('client certificate', certFile)]);
  return { ...(ca === undefined ? {} : { ca }), ...(cert === undefined ? {} : { cert }) };
}
