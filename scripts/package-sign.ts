// Signing of the kiosk's .deb for the root installer (build/deb/install-staged-update, decision
// 0047): ECDSA over SHA-256 with the network's private key (PEM), a DER signature in
// `<file>.sig`, which `openssl dgst -sha256 -verify <public key> -signature <file>.sig <file>`
// checks on the kiosk. The matching public key is embedded in the package.
import { createPrivateKey, createPublicKey, createSign, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';

/** The environment variable naming the private key file when `--signing-key` is not given. */
export const SIGNING_KEY_ENV = 'KIOSK_UPDATE_SIGNING_KEY';

export interface SigningKey {
  readonly privateKey: KeyObject;
  /** The public key, PEM (SPKI), as the package embeds it. */
  readonly publicKeyPem: string;
}

/** Reads an EC private key (PEM); a clear error for anything else. */
export async function loadSigningKey(path: string): Promise<SigningKey> {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(await readFile(path));
  } catch (error) {
    throw new Error(`${path} is not a readable private key (PEM)`, { cause: error });
  }
  if (privateKey.asymmetricKeyType !== 'ec') {
    throw new Error(
      `${path} is a ${String(privateKey.asymmetricKeyType)} key: the update key is ECDSA (openssl ecparam -name prime256v1 -genkey)`,
    );
  }
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' });
  return { privateKey, publicKeyPem: String(publicKeyPem) };
}

/** Signs `file` (streamed) into `<file>.sig` (written through a temporary name); returns its path. */
export async function signFile(file: string, key: KeyObject): Promise<string> {
  const signer = createSign('sha256');
  for await (const chunk of createReadStream(file)) signer.update(chunk as Buffer);
  const target = `${file}.sig`;
  await writeFile(`${target}.partial`, signer.sign(key));
  await rename(`${target}.partial`, target);
  return target;
}
