# SPDX-License-Identifier: GPL-3.0-or-later
# Man pages and shell completions, generated at build time so that they cannot drift from --help:
#  - identitydesk-cli(1), bash and zsh completion: identitydesk-cli-docgen writes them from the
#    CLI's command registry (cli/commands/CliRegistry), the source its --help is printed from;
#  - identitydesk(1), identitydesk-sandbox(1): help2man runs the built executables' --help and
#    --version (QCommandLineParser), with the sections in packaging/man/*.h2m.
# Installed on Linux by cmake/Packaging.cmake, in the .deb and the .rpm alike.
if(NOT UNIX OR APPLE)
  return()
endif()

set(IDENTITYDESK_DOC_DIR ${CMAKE_BINARY_DIR}/doc)
set(IDENTITYDESK_MAN_PAGES)
set(cli_man ${IDENTITYDESK_DOC_DIR}/identitydesk-cli.1)
set(IDENTITYDESK_BASH_COMPLETION ${IDENTITYDESK_DOC_DIR}/bash-completion/identitydesk-cli)
set(IDENTITYDESK_ZSH_COMPLETION ${IDENTITYDESK_DOC_DIR}/zsh/_identitydesk-cli)
# ASan's leak check has nothing to say about a generator run at build time.
add_custom_command(
  OUTPUT ${cli_man} ${IDENTITYDESK_BASH_COMPLETION} ${IDENTITYDESK_ZSH_COMPLETION}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${IDENTITYDESK_DOC_DIR}/bash-completion ${IDENTITYDESK_DOC_DIR}/zsh
  COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0 $<TARGET_FILE:identitydesk-cli-docgen>
          --man ${cli_man} --bash ${IDENTITYDESK_BASH_COMPLETION} --zsh ${IDENTITYDESK_ZSH_COMPLETION}
          --date ${IDENTITYDESK_RELEASE_DATE} --version ${PROJECT_VERSION}
  DEPENDS identitydesk-cli-docgen
  COMMENT "Writing identitydesk-cli(1) and its bash and zsh completions from the command registry"
  VERBATIM)
list(APPEND IDENTITYDESK_MAN_PAGES ${cli_man})

# help2man runs the GUI, so offscreen, in English, with a settings folder of its own (a language
# chosen in the builder's own settings must not translate the page). Sanitizer builds skip it:
# they are never packaged.
find_program(IDENTITYDESK_HELP2MAN help2man)
if(IDENTITYDESK_HELP2MAN AND NOT IDENTITYDESK_SANITIZE)
  foreach(program identitydesk identitydesk-sandbox)
    set(page ${IDENTITYDESK_DOC_DIR}/${program}.1)
    set(include ${PROJECT_SOURCE_DIR}/packaging/man/${program}.h2m)
    add_custom_command(
      OUTPUT ${page}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${IDENTITYDESK_DOC_DIR}/home
      COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen LC_ALL=C.UTF-8 LANGUAGE=en LANG=C.UTF-8
              HOME=${IDENTITYDESK_DOC_DIR}/home XDG_CONFIG_HOME=${IDENTITYDESK_DOC_DIR}/home
              SOURCE_DATE_EPOCH=${IDENTITYDESK_RELEASE_EPOCH}
              ${IDENTITYDESK_HELP2MAN} --no-info --locale=C.UTF-8 --section=1 --include=${include}
              --output=${page} $<TARGET_FILE:${program}>
      DEPENDS ${program} ${include}
      COMMENT "Writing ${program}(1) from its --help (help2man)"
      VERBATIM)
    list(APPEND IDENTITYDESK_MAN_PAGES ${page})
  endforeach()
elseif(NOT IDENTITYDESK_SANITIZE)
  message(WARNING "help2man not found (apt-get install help2man): identitydesk(1) and "
                  "identitydesk-sandbox(1) are not built, and the package lacks them")
endif()

# Debian policy: man pages compressed with gzip -9n (no name, no time stamp: reproducible).
set(IDENTITYDESK_MAN_PAGES_GZ)
foreach(page ${IDENTITYDESK_MAN_PAGES})
  add_custom_command(OUTPUT ${page}.gz COMMAND gzip -9nkf ${page} DEPENDS ${page} VERBATIM)
  list(APPEND IDENTITYDESK_MAN_PAGES_GZ ${page}.gz)
endforeach()
add_custom_target(identitydesk-docs ALL DEPENDS ${IDENTITYDESK_MAN_PAGES_GZ} ${IDENTITYDESK_BASH_COMPLETION}
                                                ${IDENTITYDESK_ZSH_COMPLETION})

include(GNUInstallDirs)
install(FILES ${IDENTITYDESK_MAN_PAGES_GZ} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${IDENTITYDESK_BASH_COMPLETION} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
# Debian's zsh looks in vendor-completions; the RPM moves the file to site-functions, where
# Fedora's looks (packaging/linux/CPackPreBuild.cmake).
install(FILES ${IDENTITYDESK_ZSH_COMPLETION} DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
