/**
 * The bytes of a stand-in package named `name`: the magic its extension's real packages begin
 * with (release-file.ts checks it), then `text`. Other names get `text` alone.
 */
export function fakePackage(name: string, text: string): Buffer {
  const magic = name.endsWith('.deb')
    ? Buffer.from('!<arch>\ndebian-binary', 'latin1')
    : name.endsWith('.AppImage')
      ? Buffer.from([0x7f, 0x45, 0x4c, 0x46])
      : name.endsWith('.rpm')
        ? Buffer.from([0xed, 0xab, 0xee, 0xdb])
        : Buffer.alloc(0);
  return Buffer.concat([magic, Buffer.from(text)]);
}
