// A fuzz target without libFuzzer: runs LLVMFuzzerTestOneInput on every
// file of the folders it is given (a target's seeds and the inputs that
// once crashed it). Built with the ordinary compiler in the test build, so
// every target's checks run on its corpus in every test run, clang or not
// (tests/CMakeLists.txt: Fuzz.TARGET). Exit 0 when all ran, 1 when a folder
// is missing or empty; a broken invariant traps, as under libFuzzer.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  size_t inputs = 0;
  for (int a = 1; a < argc; ++a) {
    const std::filesystem::path dir = argv[a];
    if (!std::filesystem::is_directory(dir)) {
      std::cerr << "fuzz replay: no folder " << dir << "\n";
      return 1;
    }
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      std::cout << entry.path().string() << " (" << bytes.size() << " bytes)" << std::endl;
      LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
      ++inputs;
    }
  }
  std::cout << inputs << " inputs ran\n";
  return inputs > 0 ? 0 : 1;
}
