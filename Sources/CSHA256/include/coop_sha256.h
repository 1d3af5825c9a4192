#ifndef COOP_SHA256_H
#define COOP_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* SHA-256 (FIPS 180-4). The block function uses the x86 SHA extensions when the CPU has them
   (checked once, at the first use) and portable C otherwise; both give the same digest. */

typedef struct {
    uint32_t h[8];
    uint64_t length;      /* bytes hashed so far */
    uint8_t buffer[64];   /* a partial block */
    size_t used;          /* bytes in buffer */
} coop_sha256_ctx;

void coop_sha256_init(coop_sha256_ctx *ctx);
void coop_sha256_update(coop_sha256_ctx *ctx, const uint8_t *data, size_t length);
void coop_sha256_final(coop_sha256_ctx *ctx, uint8_t digest[32]);

/* 1 when the SHA extensions are in use. */
int coop_sha256_accelerated(void);

/* Tests: 1 forces the portable block function (to compare both), 0 restores the default. */
void coop_sha256_force_portable(int force);

#endif
