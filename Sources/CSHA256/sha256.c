/* SHA-256 per FIPS 180-4, with a block function for the x86 SHA extensions (SHA-NI). */

#include "coop_sha256.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>
#define COOP_X86 1
#endif

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static inline uint32_t load_be32(const uint8_t *p) {
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

/* FIPS 180-4 §6.2.2, one block after another. */
static void blocks_portable(uint32_t h[8], const uint8_t *p, size_t n) {
    uint32_t w[64];
    while (n--) {
        for (int t = 0; t < 16; t++) w[t] = load_be32(p + 4 * t);
        for (int t = 16; t < 64; t++) {
            uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
            uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
        for (int t = 0; t < 64; t++) {
            uint32_t t1 = hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t];
            uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
        }
        h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
        p += 64;
    }
}

#ifdef COOP_X86
/* The SHA extensions keep the state as two vectors, ABEF and CDGH (lane 0 last: lanes f e b a
   and h g d c); SHA256RNDS2 runs two rounds, SHA256MSG1/MSG2 extend the message schedule four
   words at a time. */
__attribute__((target("sha,sse4.1,ssse3")))
static void blocks_shani(uint32_t h[8], const uint8_t *p, size_t n) {
    const __m128i byteswap = _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);
    __m128i abcd = _mm_loadu_si128((const __m128i *)h);           /* lanes a b c d */
    __m128i efgh = _mm_loadu_si128((const __m128i *)(h + 4));     /* lanes e f g h */
    __m128i badc = _mm_shuffle_epi32(abcd, 0xB1);                   /* b a d c */
    __m128i hgfe = _mm_shuffle_epi32(efgh, 0x1B);                   /* h g f e */
    __m128i abef = _mm_alignr_epi8(badc, hgfe, 8);                  /* f e b a */
    __m128i cdgh = _mm_blend_epi16(hgfe, badc, 0xF0);               /* h g d c */
    while (n--) {
        const __m128i abef_start = abef, cdgh_start = cdgh;
        __m128i w[16];
        for (int i = 0; i < 16; i++) {
            if (i < 4) {
                w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * i)), byteswap);
            } else {
                /* W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16], four at a time. */
                __m128i x = _mm_sha256msg1_epu32(w[i - 4], w[i - 3]);
                x = _mm_add_epi32(x, _mm_alignr_epi8(w[i - 1], w[i - 2], 4));
                w[i] = _mm_sha256msg2_epu32(x, w[i - 1]);
            }
            __m128i wk = _mm_add_epi32(w[i], _mm_loadu_si128((const __m128i *)(K + 4 * i)));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);               /* ABEF two rounds on */
            abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0E));
        }
        abef = _mm_add_epi32(abef, abef_start);
        cdgh = _mm_add_epi32(cdgh, cdgh_start);
        p += 64;
    }
    __m128i abfe = _mm_shuffle_epi32(abef, 0x1B);                   /* a b e f */
    __m128i ghcd = _mm_shuffle_epi32(cdgh, 0xB1);                   /* g h c d */
    _mm_storeu_si128((__m128i *)h, _mm_blend_epi16(abfe, ghcd, 0xF0));       /* a b c d */
    _mm_storeu_si128((__m128i *)(h + 4), _mm_alignr_epi8(ghcd, abfe, 8));   /* e f g h */
}

static int cpu_has_sha(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    int ssse3 = (ecx >> 9) & 1, sse41 = (ecx >> 19) & 1;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    return ssse3 && sse41 && ((ebx >> 29) & 1);
}
#endif

typedef void (*block_function)(uint32_t h[8], const uint8_t *p, size_t n);

/* 0: not chosen yet; the choice is idempotent, so racing threads agree. */
static volatile int chosen = 0;   /* 1 portable, 2 SHA extensions */
static volatile int forced_portable = 0;

static int choose(void) {
    int c = chosen;
    if (c == 0) {
#ifdef COOP_X86
        c = cpu_has_sha() ? 2 : 1;
#else
        c = 1;
#endif
        chosen = c;
    }
    return c;
}

static void blocks(uint32_t h[8], const uint8_t *p, size_t n) {
#ifdef COOP_X86
    if (choose() == 2 && !forced_portable) {
        blocks_shani(h, p, n);
        return;
    }
#endif
    blocks_portable(h, p, n);
}

int coop_sha256_accelerated(void) { return choose() == 2 && !forced_portable; }

void coop_sha256_force_portable(int force) { forced_portable = force; }

void coop_sha256_init(coop_sha256_ctx *ctx) {
    static const uint32_t iv[8] = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    };
    memcpy(ctx->h, iv, sizeof iv);
    ctx->length = 0;
    ctx->used = 0;
}

void coop_sha256_update(coop_sha256_ctx *ctx, const uint8_t *data, size_t length) {
    ctx->length += length;
    if (ctx->used > 0) {
        size_t take = 64 - ctx->used < length ? 64 - ctx->used : length;
        memcpy(ctx->buffer + ctx->used, data, take);
        ctx->used += take;
        data += take;
        length -= take;
        if (ctx->used < 64) return;
        blocks(ctx->h, ctx->buffer, 1);
        ctx->used = 0;
    }
    if (length >= 64) {
        blocks(ctx->h, data, length / 64);
        data += length & ~(size_t)63;
        length &= 63;
    }
    if (length > 0) {
        memcpy(ctx->buffer, data, length);
        ctx->used = length;
    }
}

void coop_sha256_final(coop_sha256_ctx *ctx, uint8_t digest[32]) {
    uint64_t bits = ctx->length * 8;
    uint8_t pad[72] = {0x80};
    size_t padding = (ctx->used < 56 ? 56 : 120) - ctx->used;
    for (int i = 0; i < 8; i++) pad[padding + i] = (uint8_t)(bits >> (56 - 8 * i));
    coop_sha256_update(ctx, pad, padding + 8);
    for (int i = 0; i < 8; i++) {
        digest[4 * i] = (uint8_t)(ctx->h[i] >> 24);
        digest[4 * i + 1] = (uint8_t)(ctx->h[i] >> 16);
        digest[4 * i + 2] = (uint8_t)(ctx->h[i] >> 8);
        digest[4 * i + 3] = (uint8_t)ctx->h[i];
    }
}
