/* Preloaded by scripts/sanitize.sh: dlclose does nothing, so a library the
   Vulkan loader unloads at vkDestroyInstance keeps its name, and
   LeakSanitizer can match what it keeps against lsan.supp (an unloaded
   library's allocations are "<unknown module>" and cannot be told apart). */
int dlclose(void *handle) {
  (void)handle;
  return 0;
}
