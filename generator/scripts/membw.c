/*
 * Memory bandwidth of this machine, the bound on decoding speed: every generated token reads all
 * the weight matrices once, so tokens/s <= bandwidth / bytes of weights.
 *
 *   gcc -O3 -march=native -fopenmp -o /tmp/membw generator/scripts/membw.c
 *   /tmp/membw [GiB per array, default 1] [repeats, default 5]
 *
 * Prints, best of the repeats, on 1 thread and on every thread OpenMP is given:
 *   read:  sum of a float array (what a matrix-vector product does with its weights)
 *   copy:  memcpy between two arrays, counting bytes read + bytes written
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

/* Sums the array's words as integers: integer addition vectorises, so the loop runs at the speed
   memory delivers, not at the latency of one float addition after another. */
static unsigned read_pass(const float *a, size_t n, int threads) {
  const unsigned *words = (const unsigned *)a;
  unsigned total = 0;
#pragma omp parallel for num_threads(threads) reduction(+ : total) schedule(static)
  for (size_t i = 0; i < n; i++) {
    total += words[i];
  }
  return total;
}

static void copy_pass(float *dst, const float *src, size_t n, int threads) {
#pragma omp parallel num_threads(threads)
  {
    int t = omp_get_thread_num();
    int nt = omp_get_num_threads();
    size_t chunk = (n + nt - 1) / nt;
    size_t start = chunk * t;
    size_t len = start >= n ? 0 : (start + chunk > n ? n - start : chunk);
    memcpy(dst + start, src + start, len * sizeof(float));
  }
}

static void measure(float *a, float *b, size_t n, int threads, int repeats) {
  double bytes = (double)n * sizeof(float);
  double best_read = 1e9, best_copy = 1e9;
  volatile unsigned sink = 0;
  for (int r = 0; r < repeats; r++) {
    double t0 = now();
    sink += read_pass(a, n, threads);
    double t1 = now();
    copy_pass(b, a, n, threads);
    double t2 = now();
    if (t1 - t0 < best_read) best_read = t1 - t0;
    if (t2 - t1 < best_copy) best_copy = t2 - t1;
  }
  printf("threads %d: read %.1f GB/s, copy %.1f GB/s (read + write)\n", threads,
         bytes / best_read / 1e9, 2 * bytes / best_copy / 1e9);
}

int main(int argc, char **argv) {
  double gib = argc > 1 ? atof(argv[1]) : 1.0;
  int repeats = argc > 2 ? atoi(argv[2]) : 5;
  size_t n = (size_t)(gib * 1024 * 1024 * 1024 / sizeof(float));
  float *a = malloc(n * sizeof(float));
  float *b = malloc(n * sizeof(float));
  if (!a || !b) {
    fprintf(stderr, "cannot allocate 2 x %.1f GiB\n", gib);
    return 1;
  }
  for (size_t i = 0; i < n; i++) {
    a[i] = (float)(i & 1023);
    b[i] = 0;
  }
  printf("arrays: 2 x %.2f GiB, best of %d\n", gib, repeats);
  measure(a, b, n, 1, repeats);
  int max = omp_get_max_threads();
  if (max > 1) {
    measure(a, b, n, max, repeats);
  }
  free(a);
  free(b);
  return 0;
}
