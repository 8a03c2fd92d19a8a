#!/usr/bin/python3
"""make-agile-fixture.py - an ECMA-376 Agile-encrypted workbook with Excel's default password.

None of the legacy samples uses Agile encryption (Excel 2010+), so this script makes one:
it decrypts the Standard-encrypted legacy sample 2.03_-_empty.xlsx with msoffcrypto-tool,
re-encrypts the same zip with Agile encryption (SHA-512, 100 000 spins, AES-256-CBC,
4096-byte segments, HMAC data integrity) and writes it into a fresh OLE compound file
(EncryptionInfo in the mini stream, EncryptedPackage in regular sectors). The encryption
below is written from MS-OFFCRYPTO 2.3.4.10-2.3.4.15 independently of oretrace's C code,
and the result is checked by decrypting it again with msoffcrypto-tool, HMAC included.

Usage: scripts/make-agile-fixture.py   (writes tests/fixtures/agile_default_password.xlsx)
Deterministic: salts and keys come from a seeded generator, so re-running gives the same bytes.
"""
import base64
import hashlib
import hmac
import io
import os
import random
import struct
import sys

if os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
    os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)  # Debian's modules

import msoffcrypto
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("ORETRACE_SHARED") or os.path.normpath(os.path.join(REPO, "..", "shared"))
SOURCE = os.path.join(SHARED, "rmi-templates", "legacy", "2.03_-_empty.xlsx")
OUT = os.path.join(REPO, "tests", "fixtures", "agile_default_password.xlsx")
PASSWORD = "VelvetSweatshop"
SPIN = 100000
SEGMENT = 4096
BLOCK_VERIFIER_INPUT = bytes.fromhex("fea7d2763b4b9e79")
BLOCK_VERIFIER_HASH = bytes.fromhex("d7aa0f6d3061344e")
BLOCK_KEY = bytes.fromhex("146e0be7abacd0d6")
BLOCK_HMAC_KEY = bytes.fromhex("5fb2ad010cb9e1f6")
BLOCK_HMAC_VALUE = bytes.fromhex("a0677f02b22c8433")


def sha512(*parts):
    h = hashlib.sha512()
    for p in parts:
        h.update(p)
    return h.digest()


def aes_cbc(key, iv, data):
    assert len(data) % 16 == 0
    enc = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return enc.update(data) + enc.finalize()


def pad16(data):
    return data + b"\0" * (-len(data) % 16)


def encrypt(zip_bytes, rnd):
    key_salt, data_salt = rnd.randbytes(16), rnd.randbytes(16)
    secret, verifier = rnd.randbytes(32), rnd.randbytes(16)
    hmac_key = rnd.randbytes(64)

    h = sha512(key_salt, PASSWORD.encode("utf-16-le"))
    for i in range(SPIN):
        h = sha512(struct.pack("<I", i), h)

    def password_key(block):
        return sha512(h, block)[:32]

    enc_vinput = aes_cbc(password_key(BLOCK_VERIFIER_INPUT), key_salt, verifier)
    enc_vhash = aes_cbc(password_key(BLOCK_VERIFIER_HASH), key_salt, sha512(verifier))
    enc_key = aes_cbc(password_key(BLOCK_KEY), key_salt, secret)

    package = bytearray(struct.pack("<Q", len(zip_bytes)))
    for i in range(0, len(zip_bytes), SEGMENT):
        iv = sha512(data_salt, struct.pack("<I", i // SEGMENT))[:16]
        package += aes_cbc(secret, iv, pad16(zip_bytes[i:i + SEGMENT]))

    enc_hmac_key = aes_cbc(secret, sha512(data_salt, BLOCK_HMAC_KEY)[:16], hmac_key)
    hmac_value = hmac.new(hmac_key, bytes(package), hashlib.sha512).digest()
    enc_hmac_value = aes_cbc(secret, sha512(data_salt, BLOCK_HMAC_VALUE)[:16], hmac_value)

    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        '<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" '
        'xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password" '
        'xmlns:c="http://schemas.microsoft.com/office/2006/keyEncryptor/certificate">'
        '<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" '
        'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" '
        'saltValue="%s"/>'
        '<dataIntegrity encryptedHmacKey="%s" encryptedHmacValue="%s"/>'
        '<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
        '<p:encryptedKey spinCount="%d" saltSize="16" blockSize="16" keyBits="256" hashSize="64" '
        'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" '
        'saltValue="%s" encryptedVerifierHashInput="%s" encryptedVerifierHashValue="%s" '
        'encryptedKeyValue="%s"/></keyEncryptor></keyEncryptors></encryption>'
        % (b64(data_salt), b64(enc_hmac_key), b64(enc_hmac_value), SPIN, b64(key_salt),
           b64(enc_vinput), b64(enc_vhash), b64(enc_key)))
    info = struct.pack("<HHI", 4, 4, 0x40) + xml.encode()
    return info, bytes(package)


def compound_file(streams):
    """A version-3 compound file with the given {name: bytes} root streams; those under
    4096 bytes go to the mini stream, as MS-CFB requires."""
    SS, MS, END, FREE, FATSECT = 512, 64, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    sectors, fat = [], []  # sector payloads and FAT entries

    def add_chain(data):
        n = max(1, -(-len(data) // SS))
        first = len(sectors)
        for k in range(n):
            sectors.append(data[k * SS:(k + 1) * SS].ljust(SS, b"\0"))
            fat.append(first + k + 1 if k + 1 < n else END)
        return first

    mini, minifat, entries = bytearray(), [], []
    for name, data in streams.items():
        if len(data) < 4096:
            n = -(-len(data) // MS)
            first = len(mini) // MS
            mini += data.ljust(n * MS, b"\0")
            minifat += [first + k + 1 if k + 1 < n else END for k in range(n)]
            entries.append((name, first, len(data)))
        else:
            entries.append((name, add_chain(data), len(data)))
    mini_start = add_chain(bytes(mini)) if mini else END
    minifat_bytes = b"".join(struct.pack("<I", v) for v in minifat)
    minifat_bytes += b"\xff" * (-len(minifat_bytes) % SS)
    minifat_start = add_chain(minifat_bytes) if minifat else END
    minifat_count = len(minifat_bytes) // SS

    def entry(name, typ, start, size, child=0xFFFFFFFF, left=0xFFFFFFFF, right=0xFFFFFFFF):
        raw = name.encode("utf-16-le")
        return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw) + 2, typ, 1)
                + struct.pack("<III", left, right, child) + b"\0" * 36
                + struct.pack("<IQ", start, size))

    # children of the root as a degenerate (all black, right-linked) tree: valid for readers
    dir_bytes = entry("Root Entry", 5, mini_start, len(mini), child=1)
    for i, (name, start, size) in enumerate(entries):
        right = i + 2 if i + 1 < len(entries) else 0xFFFFFFFF
        dir_bytes += entry(name, 2, start, size, right=right)
    dir_bytes += b"\0" * (-len(dir_bytes) % SS)
    dir_start = add_chain(dir_bytes)

    fat_sectors = 1
    while fat_sectors * (SS // 4) < len(sectors) + fat_sectors:
        fat_sectors += 1
    assert fat_sectors <= 109
    fat_start = len(sectors)
    fat += [FATSECT] * fat_sectors
    fat += [FREE] * (fat_sectors * (SS // 4) - len(fat))
    fat_bytes = b"".join(struct.pack("<I", v) for v in fat)
    sectors += [fat_bytes[k * SS:(k + 1) * SS] for k in range(fat_sectors)]

    difat = [fat_start + k for k in range(fat_sectors)] + [FREE] * (109 - fat_sectors)
    header = (bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, fat_sectors, dir_start, 0, 4096,
                            minifat_start, minifat_count, END, 0)
              + b"".join(struct.pack("<I", v) for v in difat))
    assert len(header) == SS
    return header + b"".join(sectors)


def main():
    with open(SOURCE, "rb") as f:
        office = msoffcrypto.OfficeFile(f)
        office.load_key(password=PASSWORD)
        plain = io.BytesIO()
        office.decrypt(plain)
    zip_bytes = plain.getvalue()
    info, package = encrypt(zip_bytes, random.Random(20260105))
    data = compound_file({"EncryptionInfo": info, "EncryptedPackage": package})

    check = msoffcrypto.OfficeFile(io.BytesIO(data))
    check.load_key(password=PASSWORD)
    again = io.BytesIO()
    check.decrypt(again, verify_integrity=True)
    if again.getvalue() != zip_bytes:
        raise SystemExit("make-agile-fixture: msoffcrypto-tool does not read back the zip")
    with open(OUT, "wb") as f:
        f.write(data)
    print("wrote %s (%d bytes; zip of %d bytes, as in %s)" % (OUT, len(data), len(zip_bytes),
                                                            os.path.basename(SOURCE)))


if __name__ == "__main__":
    main()
