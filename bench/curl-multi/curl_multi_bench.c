/* The limit for bench/cloud-api.sh: libcurl's multi interface driven from C, one thread,
 * CONCURRENCY easy handles reused, posting the same body as the engine's transport.
 * Usage: curl_multi_bench URL MESSAGES CONCURRENCY   -> prints rate=REQUESTS_PER_SECOND */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
static size_t sink(char *p, size_t s, size_t n, void *u) { return s * n; }
int main(int argc, char **argv) {
  if (argc != 4) { fprintf(stderr, "usage: curl_multi_bench URL MESSAGES CONCURRENCY\n"); return 64; }
  const char *url = argv[1]; int total = atoi(argv[2]); int conc = atoi(argv[3]);
  const char *body = "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"+15550100001\",\"type\":\"text\",\"text\":{\"body\":\"Benchmark message\",\"preview_url\":false}}";
  curl_global_init(CURL_GLOBAL_ALL);
  CURLM *m = curl_multi_init();
  struct curl_slist *h = NULL;
  h = curl_slist_append(h, "Content-Type: application/json");
  h = curl_slist_append(h, "Authorization: Bearer bench-token");
  CURL **e = calloc(conc, sizeof(CURL*));
  int started = 0, done = 0;
  struct timespec a, b; clock_gettime(CLOCK_MONOTONIC, &a);
  for (int i = 0; i < conc; i++) {
    e[i] = curl_easy_init();
    curl_easy_setopt(e[i], CURLOPT_URL, url);
    curl_easy_setopt(e[i], CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(e[i], CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(e[i], CURLOPT_WRITEFUNCTION, sink);
    curl_multi_add_handle(m, e[i]); started++;
  }
  int running = 1;
  while (done < total) {
    curl_multi_perform(m, &running);
    CURLMsg *msg; int q;
    while ((msg = curl_multi_info_read(m, &q))) {
      if (msg->msg == CURLMSG_DONE) {
        CURL *x = msg->easy_handle; done++;
        curl_multi_remove_handle(m, x);
        if (started < total) { curl_multi_add_handle(m, x); started++; }
      }
    }
    if (done < total) curl_multi_poll(m, NULL, 0, 100, NULL);
  }
  clock_gettime(CLOCK_MONOTONIC, &b);
  double s = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
  printf("rate=%.0f\n", total / s);
  return 0;
}
