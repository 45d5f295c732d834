# Each folder's headers are its door, and the data flows one way
# (docs/architecture.md). This script fails when a file includes a folder it
# may not use, when a folder other than renderer/ reaches into
# renderer/vulkan/ (the backend's private files), or when the renderer can
# reach live/, feed/, ui/ or app/ through any chain of includes.
# Run by ctest: cmake -DSOURCE_DIR=<repo> -P include_rules.cmake
cmake_minimum_required(VERSION 3.25)

set(allowed_geo "")
set(allowed_live "")
set(allowed_feed "live;geo")
set(allowed_scene "live;geo")
set(allowed_assets "scene;geo")
set(allowed_renderer "scene;geo")
set(allowed_ui "live;scene;geo")
set(allowed_wall "live;scene;geo")
set(allowed_config "geo;live;feed;scene;assets;ui;wall")
set(allowed_app "geo;live;feed;scene;assets;renderer;ui;config;wall")
set(allowed_tools "feed;live;assets;geo;config")  # config: the bridge reads a deployment's [[feeds]]
set(allowed_fuzz "feed;live;assets;scene;geo;config;wall")  # the parsers only: no renderer, no window
set(folders geo live feed scene assets renderer ui wall config app tools fuzz)

set(problems "")
# The project headers a file includes, as paths from the repository root.
function(includes_of file out)
  file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]+\"[a-z_]+/")
  set(result "")
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]+\"([^\"]+)\".*" "\\1" path "${line}")
    list(APPEND result "${path}")
  endforeach()
  set(${out} "${result}" PARENT_SCOPE)
endfunction()

foreach(folder IN LISTS folders)
  file(GLOB_RECURSE sources RELATIVE "${SOURCE_DIR}" "${SOURCE_DIR}/${folder}/*.h" "${SOURCE_DIR}/${folder}/*.cpp"
       "${SOURCE_DIR}/${folder}/*.inc")
  foreach(source IN LISTS sources)
    includes_of("${SOURCE_DIR}/${source}" included)
    foreach(path IN LISTS included)
      string(REGEX REPLACE "/.*" "" target "${path}")
      if(NOT target STREQUAL folder AND NOT target IN_LIST allowed_${folder})
        list(APPEND problems "${source} includes ${path}: ${folder}/ may use only ${allowed_${folder}}")
      endif()
      if(path MATCHES "^renderer/vulkan/" AND NOT folder STREQUAL "renderer")
        list(APPEND problems "${source} includes ${path}: renderer/vulkan/ is the renderer's own (use renderer/renderer.h)")
      endif()
    endforeach()
  endforeach()
endforeach()

# Everything the renderer can see, following includes through other folders.
file(GLOB_RECURSE queue RELATIVE "${SOURCE_DIR}" "${SOURCE_DIR}/renderer/*.h" "${SOURCE_DIR}/renderer/*.cpp")
set(seen "")
while(queue)
  list(POP_FRONT queue file)
  if(file IN_LIST seen OR NOT EXISTS "${SOURCE_DIR}/${file}")
    continue()
  endif()
  list(APPEND seen "${file}")
  includes_of("${SOURCE_DIR}/${file}" included)
  foreach(path IN LISTS included)
    if(path MATCHES "^(live|feed|ui|app)/")
      list(APPEND problems "the renderer reaches ${path} through ${file}")
    endif()
    list(APPEND queue "${path}")
  endforeach()
endwhile()

if(problems)
  list(REMOVE_DUPLICATES problems)
  list(JOIN problems "\n  " text)
  message(FATAL_ERROR "include rules broken:\n  ${text}")
endif()
list(LENGTH seen count)
message(STATUS "include rules hold (${count} files the renderer can see, none from live/, feed/, ui/ or app/)")
