# SPDX-License-Identifier: GPL-3.0-or-later
# Run by cpack after it staged the install tree and before it builds the package (CPACK_PRE_BUILD_SCRIPTS).
# The RPM follows Fedora's layout where it differs from Debian's: zsh completions in site-functions
# rather than vendor-completions, and the licence text in /usr/share/licenses/identitydesk.
if(NOT CPACK_GENERATOR STREQUAL "RPM")
  return()
endif()
file(GLOB_RECURSE zsh_files LIST_DIRECTORIES false "${CPACK_TEMPORARY_DIRECTORY}/_identitydesk-cli")
foreach(file ${zsh_files})
  get_filename_component(vendor ${file} DIRECTORY)
  get_filename_component(zsh ${vendor} DIRECTORY)
  file(MAKE_DIRECTORY ${zsh}/site-functions)
  file(RENAME ${file} ${zsh}/site-functions/_identitydesk-cli)
  file(REMOVE_RECURSE ${vendor})
  get_filename_component(share ${zsh} DIRECTORY)
  file(MAKE_DIRECTORY ${share}/licenses/identitydesk)
  file(COPY_FILE "${CPACK_IDENTITYDESK_LICENSE_FILE}" ${share}/licenses/identitydesk/LICENSE)
endforeach()
if(NOT zsh_files)
  message(FATAL_ERROR "CPackPreBuild: no _identitydesk-cli under ${CPACK_TEMPORARY_DIRECTORY}")
endif()
