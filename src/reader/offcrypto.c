/* offcrypto.c - MS-OFFCRYPTO decryption with Excel's built-in default password.
 *
 * Excel encrypts a workbook that has only "protection" (no open password) with the fixed
 * password "VelvetSweatshop" and opens it without asking. We do the same, so such files
 * read like plain ones; any other password is reported as password protection.
 *
 *  - ECMA-376 encrypted package (.xlsx inside an OLE file): Standard encryption
 *    (EncryptionInfo 2.2/3.2/4.2, AES-ECB, SHA-1 key derivation with 50 000 rounds) and
 *    Agile encryption (4.4, XML description read with expat, AES-CBC in 4096-byte
 *    segments). The HMAC data-integrity block of Agile files is not checked.
 *  - BIFF8 .xls with a FILEPASS record: RC4 (version 1.1, MD5 keys) and RC4 CryptoAPI
 *    (2.2/3.2/4.2, SHA-1 keys); the stream is rekeyed every 1024 bytes.
 *
 * Only libgcrypt primitives (hashes, AES, ARCFOUR) do the cryptography. */
#include "reader/reader_internal.h"

#include <expat.h>
#include <gcrypt.h>
#include <stdlib.h>
#include <string.h>

#include "util/fileio.h"

static const char DEFAULT_PASSWORD[] = "VelvetSweatshop";
#define PASSWORD_MESSAGE                                                                           \
    "workbook is password-protected (encrypted with a password other than Excel's "                \
    "default); remove the password in Excel and submit the file again"

#define MAX_ENCRYPTION_INFO (1u << 20)
#define MAX_SALT 64u
#define MAX_HASH 64u
#define MAX_SPIN_COUNT 1000000u /* Office writes 100 000; more only costs CPU time */
#define AGILE_SEGMENT 4096u
#define BIFF_BLOCK 1024u

/* The password as UTF-16LE, which every scheme hashes. */
static size_t password_utf16(unsigned char out[64])
{
    size_t n = strlen(DEFAULT_PASSWORD);
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = (unsigned char)DEFAULT_PASSWORD[i];
        out[2 * i + 1] = 0;
    }
    return 2 * n;
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t rd16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static void wr32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

/* H(a || b) into out (gcry_md_get_algo_dlen(algo) bytes). */
static void hash2(int algo, const void *a, size_t alen, const void *b, size_t blen,
                  unsigned char *out)
{
    gcry_buffer_t iov[2] = {{.data = (void *)a, .len = alen}, {.data = (void *)b, .len = blen}};
    gcry_md_hash_buffers(algo, 0, out, iov, 2);
}

static ot_code cipher_run(int algo, int mode, const unsigned char *key, size_t key_len,
                          const unsigned char *iv, size_t iv_len, unsigned char *buf, size_t len,
                          ot_error *err)
{
    gcry_cipher_hd_t h;
    if (gcry_cipher_open(&h, algo, mode, 0))
        return ot_fail(err, OT_E_ENCRYPTION, "cipher not available in libgcrypt");
    gcry_error_t e = gcry_cipher_setkey(h, key, key_len);
    if (!e && iv) e = gcry_cipher_setiv(h, iv, iv_len);
    if (!e) e = gcry_cipher_decrypt(h, buf, len, NULL, 0);
    gcry_cipher_close(h);
    if (e) return ot_fail(err, OT_E_CORRUPT, "decryption failed: %s", gcry_strerror(e));
    return OT_OK;
}

static int aes_for_key(size_t key_len)
{
    switch (key_len) {
    case 16:
        return GCRY_CIPHER_AES128;
    case 24:
        return GCRY_CIPHER_AES192;
    case 32:
        return GCRY_CIPHER_AES256;
    default:
        return 0;
    }
}

/* ---- ECMA-376 Standard encryption (MS-OFFCRYPTO 2.3.4.5 - 2.3.4.9) ---------------- */

typedef struct standard_info {
    size_t key_len;
    unsigned char salt[16];
    unsigned char verifier[16];
    unsigned char verifier_hash[32];
} standard_info;

static ot_code parse_standard(const unsigned char *info, size_t len, standard_info *si,
                              ot_error *err)
{
    if (len < 12) return ot_fail(err, OT_E_CORRUPT, "EncryptionInfo stream is too short");
    uint32_t header_size = rd32(info + 8);
    if (header_size < 32 || header_size > len - 12 || len - 12 - header_size < 4 + 16 + 16 + 4 + 32)
        return ot_fail(err, OT_E_CORRUPT,
                       "EncryptionInfo header size %u does not fit the "
                       "%zu-byte stream",
                       header_size, len);
    const unsigned char *h = info + 12;
    uint32_t flags = rd32(h), alg = rd32(h + 8), alg_hash = rd32(h + 12), bits = rd32(h + 16);
    if (flags & 0x10)
        return ot_fail(err, OT_E_ENCRYPTION,
                       "workbook uses an external encryption provider, "
                       "which is not supported");
    if (!(flags & 0x04) || !(flags & 0x20) ||
        (alg && alg != 0x660E && alg != 0x660F && alg != 0x6610))
        return ot_fail(err, OT_E_ENCRYPTION,
                       "workbook uses Standard encryption with "
                       "algorithm 0x%04X (only AES is supported)",
                       alg);
    if (alg_hash && alg_hash != 0x8004)
        return ot_fail(err, OT_E_ENCRYPTION,
                       "Standard encryption with hash 0x%04X (only "
                       "SHA-1 is defined)",
                       alg_hash);
    if (bits != 128 && bits != 192 && bits != 256)
        return ot_fail(err, OT_E_ENCRYPTION, "Standard encryption with a %u-bit key", bits);
    si->key_len = bits / 8;
    const unsigned char *v = h + header_size;
    if (rd32(v) != 16 || rd32(v + 36) != 20)
        return ot_fail(err, OT_E_CORRUPT,
                       "EncryptionVerifier has salt size %u and hash size %u "
                       "(expected 16 and 20)",
                       rd32(v), rd32(v + 36));
    memcpy(si->salt, v + 4, 16);
    memcpy(si->verifier, v + 20, 16);
    memcpy(si->verifier_hash, v + 40, 32);
    return OT_OK;
}

static void standard_key(const standard_info *si, unsigned char key[32])
{
    unsigned char pw[64], h[20], buf[24];
    size_t pw_len = password_utf16(pw);
    hash2(GCRY_MD_SHA1, si->salt, 16, pw, pw_len, h);
    for (uint32_t i = 0; i < 50000; i++) {
        wr32(buf, i);
        memcpy(buf + 4, h, 20);
        gcry_md_hash_buffer(GCRY_MD_SHA1, h, buf, 24);
    }
    unsigned char block0[4] = {0, 0, 0, 0}, hfinal[20];
    hash2(GCRY_MD_SHA1, h, 20, block0, 4, hfinal);
    /* 2.3.4.7: X1 = H(0x36-pad ^ Hfinal), X2 = H(0x5C-pad ^ Hfinal), key = (X1 || X2)[..] */
    unsigned char pad1[64], pad2[64], x[40];
    memset(pad1, 0x36, 64);
    memset(pad2, 0x5C, 64);
    for (int i = 0; i < 20; i++) {
        pad1[i] ^= hfinal[i];
        pad2[i] ^= hfinal[i];
    }
    gcry_md_hash_buffer(GCRY_MD_SHA1, x, pad1, 64);
    gcry_md_hash_buffer(GCRY_MD_SHA1, x + 20, pad2, 64);
    memcpy(key, x, si->key_len);
}

static ot_code decrypt_standard(const unsigned char *info, size_t info_len, unsigned char *pkg,
                                size_t pkg_len, size_t plain_len, ot_error *err)
{
    standard_info si;
    ot_code rc = parse_standard(info, info_len, &si, err);
    if (rc) return rc;
    unsigned char key[32], verifier[16], vhash[32], computed[20];
    standard_key(&si, key);
    int algo = aes_for_key(si.key_len);
    memcpy(verifier, si.verifier, 16);
    memcpy(vhash, si.verifier_hash, 32);
    rc = cipher_run(algo, GCRY_CIPHER_MODE_ECB, key, si.key_len, NULL, 0, verifier, 16, err);
    if (!rc) rc = cipher_run(algo, GCRY_CIPHER_MODE_ECB, key, si.key_len, NULL, 0, vhash, 32, err);
    if (rc) return rc;
    gcry_md_hash_buffer(GCRY_MD_SHA1, computed, verifier, 16);
    if (memcmp(computed, vhash, 20) != 0) return ot_fail(err, OT_E_PASSWORD, PASSWORD_MESSAGE);
    size_t n = (plain_len + 15) / 16 * 16;
    if (n > pkg_len)
        return ot_fail(err, OT_E_TRUNCATED, "encrypted package holds %zu of its %zu bytes", pkg_len,
                       plain_len);
    return cipher_run(algo, GCRY_CIPHER_MODE_ECB, key, si.key_len, NULL, 0, pkg, n, err);
}

/* ---- ECMA-376 Agile encryption (MS-OFFCRYPTO 2.3.4.10 - 2.3.4.15) ----------------- */

typedef struct agile_params {
    int hash_algo;
    size_t hash_len, key_bytes, block_size;
    unsigned char salt[MAX_SALT];
    size_t salt_len;
    bool present;
} agile_params;

typedef struct agile_info {
    agile_params data;     /* keyData: how the package itself is encrypted */
    agile_params password; /* the password key encryptor */
    uint32_t spin_count;
    unsigned char vh_input[MAX_HASH + 16], vh_value[MAX_HASH + 16], key_value[MAX_HASH + 16];
    size_t vh_input_len, vh_value_len, key_value_len;
    XML_Parser parser;
    ot_code rc;
    ot_error *err;
} agile_info;

/* Base64 as in XML schema base64Binary; whitespace is skipped. Hand-written: a dozen
 * lines, and none of our libraries exports a decoder. */
static bool base64_decode(const char *s, unsigned char *out, size_t cap, size_t *out_len)
{
    uint32_t acc = 0;
    int bits = 0;
    size_t n = 0;
    for (; *s && *s != '='; s++) {
        int v;
        char c = *s;
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= 'a' && c <= 'z')
            v = c - 'a' + 26;
        else if (c >= '0' && c <= '9')
            v = c - '0' + 52;
        else if (c == '+')
            v = 62;
        else if (c == '/')
            v = 63;
        else if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        else
            return false;
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (n == cap) return false;
            out[n++] = (unsigned char)(acc >> bits);
        }
    }
    *out_len = n;
    return true;
}

static int hash_by_name(const char *name, size_t *len)
{
    static const struct {
        const char *name;
        int algo;
        size_t len;
    } table[] = {
        {"SHA1", GCRY_MD_SHA1, 20},     {"SHA256", GCRY_MD_SHA256, 32},
        {"SHA384", GCRY_MD_SHA384, 48}, {"SHA512", GCRY_MD_SHA512, 64},
        {"MD5", GCRY_MD_MD5, 16},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strcmp(name, table[i].name) == 0) {
            *len = table[i].len;
            return table[i].algo;
        }
    }
    return 0;
}

static void agile_fail(agile_info *ai, ot_code code, const char *what, const char *value)
{
    if (ai->rc) return;
    ai->rc = ot_fail(ai->err, code, "Agile EncryptionInfo: %s '%.40s'", what, value);
    XML_StopParser(ai->parser, XML_FALSE);
}

static void agile_bytes(agile_info *ai, const char *value, unsigned char *out, size_t cap,
                        size_t *len, const char *what)
{
    if (!base64_decode(value, out, cap, len) || *len == 0)
        agile_fail(ai, OT_E_CORRUPT, what, value);
}

/* Attributes shared by keyData and encryptedKey. */
static void agile_common(agile_info *ai, agile_params *p, const XML_Char **attrs)
{
    p->present = true;
    for (size_t i = 0; attrs[i] && attrs[i + 1]; i += 2) {
        const char *k = attrs[i], *v = attrs[i + 1];
        if (strcmp(k, "hashAlgorithm") == 0) {
            p->hash_algo = hash_by_name(v, &p->hash_len);
            if (!p->hash_algo) agile_fail(ai, OT_E_ENCRYPTION, "unsupported hash", v);
        } else if (strcmp(k, "cipherAlgorithm") == 0) {
            if (strcmp(v, "AES") != 0) agile_fail(ai, OT_E_ENCRYPTION, "unsupported cipher", v);
        } else if (strcmp(k, "cipherChaining") == 0) {
            if (strcmp(v, "ChainingModeCBC") != 0)
                agile_fail(ai, OT_E_ENCRYPTION, "unsupported chaining", v);
        } else if (strcmp(k, "keyBits") == 0) {
            long bits = strtol(v, NULL, 10);
            if (bits != 128 && bits != 192 && bits != 256)
                agile_fail(ai, OT_E_ENCRYPTION, "unsupported key size", v);
            p->key_bytes = (size_t)bits / 8;
        } else if (strcmp(k, "blockSize") == 0) {
            if (strtol(v, NULL, 10) != 16) agile_fail(ai, OT_E_ENCRYPTION, "block size", v);
            p->block_size = 16;
        } else if (strcmp(k, "saltValue") == 0) {
            agile_bytes(ai, v, p->salt, sizeof p->salt, &p->salt_len, "bad saltValue");
        }
    }
}

#define NS_ENCRYPTION "http://schemas.microsoft.com/office/2006/encryption"
#define NS_PASSWORD "http://schemas.microsoft.com/office/2006/keyEncryptor/password"

static void XMLCALL agile_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    agile_info *ai = ud;
    if (strcmp(name, NS_ENCRYPTION "|keyData") == 0 && !ai->data.present) {
        agile_common(ai, &ai->data, attrs);
    } else if (strcmp(name, NS_PASSWORD "|encryptedKey") == 0 && !ai->password.present) {
        agile_common(ai, &ai->password, attrs);
        for (size_t i = 0; attrs[i] && attrs[i + 1]; i += 2) {
            const char *k = attrs[i], *v = attrs[i + 1];
            if (strcmp(k, "spinCount") == 0) {
                char *end;
                unsigned long spin = strtoul(v, &end, 10);
                if (*end || spin > MAX_SPIN_COUNT)
                    agile_fail(ai, OT_E_TOO_LARGE, "spin count out of range", v);
                ai->spin_count = (uint32_t)spin;
            } else if (strcmp(k, "encryptedVerifierHashInput") == 0) {
                agile_bytes(ai, v, ai->vh_input, sizeof ai->vh_input, &ai->vh_input_len,
                            "bad encryptedVerifierHashInput");
            } else if (strcmp(k, "encryptedVerifierHashValue") == 0) {
                agile_bytes(ai, v, ai->vh_value, sizeof ai->vh_value, &ai->vh_value_len,
                            "bad encryptedVerifierHashValue");
            } else if (strcmp(k, "encryptedKeyValue") == 0) {
                agile_bytes(ai, v, ai->key_value, sizeof ai->key_value, &ai->key_value_len,
                            "bad encryptedKeyValue");
            }
        }
    }
}

static void XMLCALL agile_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                                  const XML_Char *pubid, int has_internal_subset)
{
    agile_info *ai = ud;
    if (!ai->rc)
        ai->rc = ot_fail(ai->err, OT_E_XML_DTD, "Agile EncryptionInfo XML carries a DOCTYPE");
    XML_StopParser(ai->parser, XML_FALSE);
}

static ot_code parse_agile(const unsigned char *xml, size_t len, agile_info *ai, ot_error *err)
{
    memset(ai, 0, sizeof *ai);
    ai->err = err;
    ai->parser = XML_ParserCreateNS(NULL, '|');
    if (!ai->parser) return ot_fail(err, OT_E_NOMEM, "out of memory parsing EncryptionInfo");
    XML_SetUserData(ai->parser, ai);
    XML_SetStartElementHandler(ai->parser, agile_start);
    XML_SetStartDoctypeDeclHandler(ai->parser, agile_doctype);
    enum XML_Status st = XML_Parse(ai->parser, (const char *)xml, (int)len, XML_TRUE);
    if (st == XML_STATUS_ERROR && !ai->rc)
        ai->rc = ot_fail(err, OT_E_CORRUPT, "Agile EncryptionInfo is not well-formed XML: %s",
                         XML_ErrorString(XML_GetErrorCode(ai->parser)));
    XML_ParserFree(ai->parser);
    if (ai->rc) return ai->rc;
    const agile_params *d = &ai->data, *p = &ai->password;
    if (!d->present || !p->present || !d->hash_algo || !p->hash_algo || !d->key_bytes ||
        !p->key_bytes || !d->block_size || !p->block_size || !d->salt_len || !p->salt_len ||
        !ai->vh_input_len || !ai->vh_value_len || !ai->key_value_len)
        return ot_fail(err, OT_E_ENCRYPTION,
                       "Agile EncryptionInfo lacks a password key "
                       "encryptor or one of its attributes");
    if (ai->vh_input_len % 16 || ai->vh_value_len % 16 || ai->key_value_len % 16 ||
        ai->vh_value_len < p->hash_len || ai->key_value_len < d->key_bytes ||
        ai->vh_input_len < p->salt_len)
        return ot_fail(err, OT_E_CORRUPT, "Agile EncryptionInfo values have impossible sizes");
    return OT_OK;
}

/* Truncates or pads (with 0x36) to n bytes, as 2.3.4.12 prescribes for keys and IVs. */
static void fit(const unsigned char *src, size_t src_len, unsigned char *dst, size_t n)
{
    size_t k = src_len < n ? src_len : n;
    memcpy(dst, src, k);
    if (k < n) memset(dst + k, 0x36, n - k);
}

static ot_code agile_secret_key(const agile_info *ai, unsigned char secret[32], ot_error *err)
{
    static const unsigned char BLOCK_VERIFIER_INPUT[8] = {0xfe, 0xa7, 0xd2, 0x76,
                                                          0x3b, 0x4b, 0x9e, 0x79};
    static const unsigned char BLOCK_VERIFIER_HASH[8] = {0xd7, 0xaa, 0x0f, 0x6d,
                                                         0x30, 0x61, 0x34, 0x4e};
    static const unsigned char BLOCK_KEY[8] = {0x14, 0x6e, 0x0b, 0xe7, 0xab, 0xac, 0xd0, 0xd6};
    const agile_params *p = &ai->password;
    int halgo = p->hash_algo, calgo = aes_for_key(p->key_bytes);
    unsigned char pw[64], h[MAX_HASH], buf[4 + MAX_HASH], iv[16];
    size_t pw_len = password_utf16(pw), hl = p->hash_len;
    hash2(halgo, p->salt, p->salt_len, pw, pw_len, h);
    for (uint32_t i = 0; i < ai->spin_count; i++) {
        wr32(buf, i);
        memcpy(buf + 4, h, hl);
        gcry_md_hash_buffer(halgo, h, buf, 4 + hl);
    }
    fit(p->salt, p->salt_len, iv, 16);
    unsigned char hf[MAX_HASH], k1[32], k2[32], k3[32];
    hash2(halgo, h, hl, BLOCK_VERIFIER_INPUT, 8, hf);
    fit(hf, hl, k1, p->key_bytes);
    hash2(halgo, h, hl, BLOCK_VERIFIER_HASH, 8, hf);
    fit(hf, hl, k2, p->key_bytes);
    hash2(halgo, h, hl, BLOCK_KEY, 8, hf);
    fit(hf, hl, k3, p->key_bytes);

    unsigned char input[sizeof ai->vh_input], value[sizeof ai->vh_value], key[sizeof ai->key_value];
    memcpy(input, ai->vh_input, ai->vh_input_len);
    memcpy(value, ai->vh_value, ai->vh_value_len);
    memcpy(key, ai->key_value, ai->key_value_len);
    ot_code rc = cipher_run(calgo, GCRY_CIPHER_MODE_CBC, k1, p->key_bytes, iv, 16, input,
                            ai->vh_input_len, err);
    if (!rc)
        rc = cipher_run(calgo, GCRY_CIPHER_MODE_CBC, k2, p->key_bytes, iv, 16, value,
                        ai->vh_value_len, err);
    if (rc) return rc;
    unsigned char computed[MAX_HASH];
    gcry_md_hash_buffer(halgo, computed, input, p->salt_len);
    if (memcmp(computed, value, hl) != 0) return ot_fail(err, OT_E_PASSWORD, PASSWORD_MESSAGE);
    rc = cipher_run(calgo, GCRY_CIPHER_MODE_CBC, k3, p->key_bytes, iv, 16, key, ai->key_value_len,
                    err);
    if (rc) return rc;
    memcpy(secret, key, ai->data.key_bytes);
    return OT_OK;
}

static ot_code decrypt_agile(const unsigned char *info, size_t info_len, unsigned char *pkg,
                             size_t pkg_len, size_t plain_len, ot_error *err)
{
    agile_info ai;
    ot_code rc = parse_agile(info + 8, info_len - 8, &ai, err);
    if (rc) return rc;
    unsigned char secret[32];
    rc = agile_secret_key(&ai, secret, err);
    if (rc) return rc;
    const agile_params *d = &ai.data;
    int calgo = aes_for_key(d->key_bytes);
    size_t segments = (plain_len + AGILE_SEGMENT - 1) / AGILE_SEGMENT;
    for (size_t i = 0; i < segments && rc == OT_OK; i++) {
        size_t off = i * AGILE_SEGMENT;
        size_t want = plain_len - off < AGILE_SEGMENT ? plain_len - off : AGILE_SEGMENT;
        size_t n = (want + 15) / 16 * 16;
        if (off + n > pkg_len)
            return ot_fail(err, OT_E_TRUNCATED, "encrypted package holds %zu of its %zu bytes",
                           pkg_len, plain_len);
        unsigned char block[4], hf[MAX_HASH], iv[16];
        wr32(block, (uint32_t)i);
        hash2(d->hash_algo, d->salt, d->salt_len, block, 4, hf);
        fit(hf, d->hash_len, iv, 16);
        rc = cipher_run(calgo, GCRY_CIPHER_MODE_CBC, secret, d->key_bytes, iv, 16, pkg + off, n,
                        err);
    }
    return rc;
}

ot_code ot_offcrypto_decrypt_package(const ot_ole *ole, size_t max_out, unsigned char **zip,
                                     size_t *zip_len, ot_error *err)
{
    *zip = NULL;
    *zip_len = 0;
    ot_crypto_init();
    unsigned char *info = NULL, *pkg = NULL;
    size_t info_len = 0, pkg_len = 0;
    ot_code rc =
        ot_ole_read_stream(ole, "EncryptionInfo", MAX_ENCRYPTION_INFO, &info, &info_len, err);
    if (rc == OT_E_NOT_FOUND)
        rc = ot_fail(err, OT_E_CORRUPT, "encrypted workbook without an EncryptionInfo stream");
    if (rc) return rc;
    /* the package may hold one padded AES block or Agile segment beyond the zip */
    size_t max_pkg =
        max_out > SIZE_MAX - 8 - AGILE_SEGMENT ? SIZE_MAX : max_out + 8 + AGILE_SEGMENT;
    rc = ot_ole_read_stream(ole, "EncryptedPackage", max_pkg, &pkg, &pkg_len, err);
    if (rc == OT_OK && (info_len < 8 || pkg_len < 8))
        rc = ot_fail(err, OT_E_CORRUPT, "encrypted workbook with empty encryption streams");
    uint64_t plain = 0;
    if (rc == OT_OK) {
        plain = (uint64_t)rd32(pkg) | (uint64_t)rd32(pkg + 4) << 32;
        if (plain > max_out)
            rc = ot_fail(err, OT_E_TOO_LARGE,
                         "encrypted package declares %llu bytes, more "
                         "than the %zu-byte limit",
                         (unsigned long long)plain, max_out);
    }
    if (rc == OT_OK) {
        uint16_t major = rd16(info), minor = rd16(info + 2);
        unsigned char *body = pkg + 8;
        if (minor == 2 && (major == 2 || major == 3 || major == 4))
            rc = decrypt_standard(info, info_len, body, pkg_len - 8, (size_t)plain, err);
        else if (major == 4 && minor == 4)
            rc = decrypt_agile(info, info_len, body, pkg_len - 8, (size_t)plain, err);
        else
            rc = ot_fail(err, OT_E_ENCRYPTION, "unsupported ECMA-376 encryption version %u.%u",
                         major, minor);
    }
    free(info);
    if (rc) {
        free(pkg);
        return rc;
    }
    memmove(pkg, pkg + 8, (size_t)plain);
    *zip = pkg;
    *zip_len = (size_t)plain;
    return OT_OK;
}

/* ---- BIFF8 RC4 and RC4 CryptoAPI (MS-XLS 2.2.10, MS-OFFCRYPTO 2.3.5 / 2.3.6) ------- */

enum {
    BIFF_BOF = 0x0809,
    BIFF_EOF = 0x000A,
    BIFF_FILEPASS = 0x002F,
    BIFF_USREXCL = 0x0194,
    BIFF_FILELOCK = 0x0195,
    BIFF_INTERFACEHDR = 0x00E1,
    BIFF_RRDINFO = 0x0196,
    BIFF_RRDHEAD = 0x0138,
    BIFF_BOUNDSHEET8 = 0x0085,
    /* What FILEPASS becomes once decrypted: record type 0 is unassigned in BIFF8 and
     * libfreexl 1.0.6 (parse_biff_record) skips unknown records; msoffcrypto-tool
     * neutralises FILEPASS the same way. Length and position are kept. */
    BIFF_NEUTRAL = 0x0000,
};

typedef struct rc4_scheme {
    bool cryptoapi;
    unsigned char salt[16];
    unsigned char h1[20]; /* RC4: first 5 bytes of MD5 stage 2; CryptoAPI: SHA-1(salt||pw) */
    size_t key_len;       /* CryptoAPI key bytes (5 for 40-bit keys, padded to 16) */
} rc4_scheme;

static void rc4_scheme_init(rc4_scheme *s)
{
    unsigned char pw[64];
    size_t pw_len = password_utf16(pw);
    if (s->cryptoapi) {
        hash2(GCRY_MD_SHA1, s->salt, 16, pw, pw_len, s->h1);
        return;
    }
    /* 2.3.6.2: H0 = MD5(pw); H1 = MD5(16 x (H0[0..5] || salt)) */
    unsigned char h0[16], buf[16 * 21];
    gcry_md_hash_buffer(GCRY_MD_MD5, h0, pw, pw_len);
    for (int i = 0; i < 16; i++) {
        memcpy(buf + 21 * i, h0, 5);
        memcpy(buf + 21 * i + 5, s->salt, 16);
    }
    gcry_md_hash_buffer(GCRY_MD_MD5, s->h1, buf, sizeof buf);
}

/* The RC4 key for one 1024-byte block; returns its length. */
static size_t rc4_block_key(const rc4_scheme *s, uint32_t block, unsigned char key[20])
{
    unsigned char b[4];
    wr32(b, block);
    if (s->cryptoapi) {
        unsigned char hf[20];
        hash2(GCRY_MD_SHA1, s->h1, 20, b, 4, hf);
        if (s->key_len == 5) { /* 40-bit keys are used as 128 bits with 88 zero bits */
            memset(key, 0, 16);
            memcpy(key, hf, 5);
            return 16;
        }
        memcpy(key, hf, s->key_len);
        return s->key_len;
    }
    hash2(GCRY_MD_MD5, s->h1, 5, b, 4, key);
    return 16;
}

/* Keystream of one block: RC4 over zeros. */
static ot_code rc4_keystream(const rc4_scheme *s, uint32_t block, unsigned char *out, size_t n,
                             ot_error *err)
{
    unsigned char key[20];
    size_t key_len = rc4_block_key(s, block, key);
    memset(out, 0, n);
    return cipher_run(GCRY_CIPHER_ARCFOUR, GCRY_CIPHER_MODE_STREAM, key, key_len, NULL, 0, out, n,
                      err);
}

static ot_code rc4_verify(const rc4_scheme *s, const unsigned char *enc_verifier,
                          const unsigned char *enc_hash, size_t hash_len, ot_error *err)
{
    unsigned char ks[16 + 20], verifier[16], computed[20];
    ot_code rc = rc4_keystream(s, 0, ks, 16 + hash_len, err);
    if (rc) return rc;
    for (int i = 0; i < 16; i++)
        verifier[i] = enc_verifier[i] ^ ks[i];
    gcry_md_hash_buffer(s->cryptoapi ? GCRY_MD_SHA1 : GCRY_MD_MD5, computed, verifier, 16);
    for (size_t i = 0; i < hash_len; i++)
        if ((enc_hash[i] ^ ks[16 + i]) != computed[i])
            return ot_fail(err, OT_E_PASSWORD, PASSWORD_MESSAGE);
    return OT_OK;
}

/* Reads FILEPASS (payload p, n bytes) and checks the default password. */
static ot_code parse_filepass(const unsigned char *p, size_t n, rc4_scheme *s, ot_error *err)
{
    if (n < 6) return ot_fail(err, OT_E_CORRUPT, "FILEPASS record of %zu bytes", n);
    if (rd16(p) == 0)
        return ot_fail(err, OT_E_ENCRYPTION,
                       "workbook uses XOR obfuscation (Excel 95 style "
                       "protection), which is not supported");
    if (rd16(p) != 1)
        return ot_fail(err, OT_E_ENCRYPTION, "FILEPASS encryption type %u is unknown", rd16(p));
    uint16_t major = rd16(p + 2), minor = rd16(p + 4);
    memset(s, 0, sizeof *s);
    if (major == 1 && minor == 1) {
        if (n < 6 + 48) return ot_fail(err, OT_E_CORRUPT, "RC4 FILEPASS record is too short");
        memcpy(s->salt, p + 6, 16);
        rc4_scheme_init(s);
        return rc4_verify(s, p + 22, p + 38, 16, err);
    }
    if (minor != 2 || major < 2 || major > 4)
        return ot_fail(err, OT_E_ENCRYPTION, "FILEPASS RC4 version %u.%u is not supported", major,
                       minor);
    if (n < 14) return ot_fail(err, OT_E_CORRUPT, "RC4 CryptoAPI FILEPASS record is too short");
    uint32_t header_size = rd32(p + 10);
    if (header_size < 32 || header_size > n - 14 || n - 14 - header_size < 4 + 16 + 16 + 4 + 20)
        return ot_fail(err, OT_E_CORRUPT, "RC4 CryptoAPI header size %u does not fit FILEPASS",
                       header_size);
    const unsigned char *h = p + 14, *v = p + 14 + header_size;
    uint32_t alg = rd32(h + 8), alg_hash = rd32(h + 12), bits = rd32(h + 16);
    if ((alg && alg != 0x6801) || (alg_hash && alg_hash != 0x8004))
        return ot_fail(err, OT_E_ENCRYPTION,
                       "RC4 CryptoAPI with algorithm 0x%04X / hash "
                       "0x%04X is not supported",
                       alg, alg_hash);
    if (bits == 0) bits = 40;
    if (bits < 40 || bits > 128 || bits % 8)
        return ot_fail(err, OT_E_ENCRYPTION, "RC4 CryptoAPI with a %u-bit key", bits);
    if (rd32(v) != 16 || rd32(v + 36) != 20)
        return ot_fail(err, OT_E_CORRUPT,
                       "RC4 CryptoAPI verifier has salt size %u and hash "
                       "size %u",
                       rd32(v), rd32(v + 36));
    s->cryptoapi = true;
    s->key_len = bits / 8;
    memcpy(s->salt, v + 4, 16);
    rc4_scheme_init(s);
    return rc4_verify(s, v + 20, v + 40, 20, err);
}

/* XORs stream bytes [from, to) with the keystream; blocks are computed as needed, in
 * increasing order (records are visited front to back). */
typedef struct rc4_cursor {
    const rc4_scheme *scheme;
    int64_t block;
    unsigned char ks[BIFF_BLOCK];
} rc4_cursor;

static ot_code rc4_xor_range(rc4_cursor *c, unsigned char *stream, size_t from, size_t to,
                             ot_error *err)
{
    while (from < to) {
        int64_t block = (int64_t)(from / BIFF_BLOCK);
        if (block != c->block) {
            ot_code rc = rc4_keystream(c->scheme, (uint32_t)block, c->ks, BIFF_BLOCK, err);
            if (rc) return rc;
            c->block = block;
        }
        size_t end = ((size_t)block + 1) * BIFF_BLOCK;
        if (end > to) end = to;
        for (size_t i = from; i < end; i++)
            stream[i] ^= c->ks[i % BIFF_BLOCK];
        from = end;
    }
    return OT_OK;
}

static bool record_in_clear(uint16_t type)
{
    return type == BIFF_BOF || type == BIFF_FILEPASS || type == BIFF_USREXCL ||
           type == BIFF_FILELOCK || type == BIFF_INTERFACEHDR || type == BIFF_RRDINFO ||
           type == BIFF_RRDHEAD;
}

/* Decrypts every record body from `start` (the record after FILEPASS) on, in place.
 * Record headers stay in clear, but the keystream runs over them (its position is the
 * offset in the stream). */
static ot_code decrypt_biff(const rc4_scheme *s, unsigned char *w, size_t len, size_t start,
                            ot_error *err)
{
    rc4_cursor *c = malloc(sizeof *c);
    if (!c) return ot_fail(err, OT_E_NOMEM, "out of memory decrypting the workbook");
    c->scheme = s;
    c->block = -1;
    ot_code rc = OT_OK;
    for (size_t pos = start; rc == OT_OK && len - pos >= 4;) {
        uint16_t type = rd16(w + pos);
        size_t body = pos + 4, end = body + rd16(w + pos + 2);
        if (end > len) end = len; /* a cut last record: decrypt what is there */
        if (type == BIFF_BOUNDSHEET8 && end - body > 4) /* lbPlyPos stays in clear */
            rc = rc4_xor_range(c, w, body + 4, end, err);
        else if (!record_in_clear(type))
            rc = rc4_xor_range(c, w, body, end, err);
        pos = end;
    }
    free(c);
    return rc;
}

/* Finds FILEPASS in the workbook globals (between the first BOF and its EOF). */
static bool find_filepass(const unsigned char *w, size_t len, size_t *at)
{
    if (len < 4 || rd16(w) != BIFF_BOF) return false;
    for (size_t pos = 0; len - pos >= 4;) {
        uint16_t type = rd16(w + pos);
        size_t size = rd16(w + pos + 2);
        if (type == BIFF_FILEPASS) {
            *at = pos;
            return true;
        }
        if (type == BIFF_EOF || size > len - pos - 4) return false;
        pos += 4 + size;
    }
    return false;
}

ot_code ot_offcrypto_decrypt_xls(const unsigned char *data, size_t len, const ot_ole *ole,
                                 unsigned char **out, size_t *out_len, ot_error *err)
{
    *out = NULL;
    *out_len = 0;
    if (!ot_ole_has_stream(ole, "Workbook")) return OT_OK; /* BIFF5 "Book": no RC4 */
    unsigned char *w;
    size_t wlen;
    ot_code rc = ot_ole_read_stream(ole, "Workbook", len, &w, &wlen, err);
    if (rc) return rc;
    size_t at;
    if (!find_filepass(w, wlen, &at)) {
        free(w);
        return OT_OK;
    }
    ot_crypto_init();
    rc4_scheme scheme;
    size_t fp_len = rd16(w + at + 2);
    if (fp_len > wlen - at - 4)
        rc = ot_fail(err, OT_E_CORRUPT, "FILEPASS record runs past the Workbook stream");
    if (rc == OT_OK) rc = parse_filepass(w + at + 4, fp_len, &scheme, err);
    if (rc == OT_OK) rc = decrypt_biff(&scheme, w, wlen, at + 4 + fp_len, err);
    unsigned char *copy = NULL;
    if (rc == OT_OK) {
        w[at] = BIFF_NEUTRAL & 0xFF;
        w[at + 1] = BIFF_NEUTRAL >> 8;
        memset(w + at + 4, 0, fp_len);
        copy = malloc(len);
        if (!copy) rc = ot_fail(err, OT_E_NOMEM, "out of memory decrypting the workbook");
    }
    if (rc == OT_OK) {
        memcpy(copy, data, len);
        rc = ot_ole_overwrite_stream(ole, "Workbook", copy, w, wlen, err);
    }
    free(w);
    if (rc) {
        free(copy);
        return rc;
    }
    *out = copy;
    *out_len = len;
    return OT_OK;
}
