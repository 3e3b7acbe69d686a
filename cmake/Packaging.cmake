# SPDX-License-Identifier: GPL-3.0-or-later
# Install rules and installers. project(VERSION) is the single source of the version; the licence,
# icon and Windows upgrade GUID are set here once.
#   Linux:   cpack -G DEB   (Debian package; dependencies from dpkg-shlibdeps; lintian-clean)
#            cpack -G RPM   (Fedora / RHEL package, built with Debian's rpmbuild; requirements from rpm)
#   Windows: cpack -G NSIS  (windeployqt through Qt's deploy script, Qt >= 6.3)
#   macOS:   cpack -G DragNDrop (IdentityDesk.app bundle, macdeployqt through the same script)
include(GNUInstallDirs)

set(IDENTITYDESK_APP_ID io.github.identitydesk.IdentityDesk)
set(IDENTITYDESK_ICON_SVG ${PROJECT_SOURCE_DIR}/resources/icons/identitydesk.svg)
# Never change it: Windows installers of every version share it, so a new one upgrades the old.
set(IDENTITYDESK_UPGRADE_GUID "6C0B8C5E-3E0A-4C8D-9A0B-1D5B2F7E4A11")

# The executables install themselves (gui/, cli/, sandbox/CMakeLists.txt).
if(UNIX AND NOT APPLE)
  install(FILES packaging/linux/${IDENTITYDESK_APP_ID}.desktop
          DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${IDENTITYDESK_ICON_SVG} RENAME ${IDENTITYDESK_APP_ID}.svg
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
  configure_file(packaging/linux/${IDENTITYDESK_APP_ID}.metainfo.xml.in
                 ${CMAKE_BINARY_DIR}/${IDENTITYDESK_APP_ID}.metainfo.xml @ONLY)
  install(FILES ${CMAKE_BINARY_DIR}/${IDENTITYDESK_APP_ID}.metainfo.xml
          DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
  # Debian policy: a machine-readable copyright that points to /usr/share/common-licenses/GPL-3
  # rather than a copy of the licence, and a changelog compressed with gzip -9n (a native
  # package's is changelog.gz). The RPM adds the licence text where Fedora expects it
  # (packaging/linux/CPackPreBuild.cmake).
  install(FILES packaging/debian/copyright DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/identitydesk)
  # Help > User guide opens it (ui/main/UserGuide.cpp); small enough to stay uncompressed.
  install(FILES docs/user-guide.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/identitydesk)
  configure_file(packaging/debian/changelog ${CMAKE_BINARY_DIR}/doc/changelog COPYONLY)
  add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/doc/changelog.gz COMMAND gzip -9nkf ${CMAKE_BINARY_DIR}/doc/changelog
                     DEPENDS ${PROJECT_SOURCE_DIR}/packaging/debian/changelog VERBATIM)
  add_custom_target(identitydesk-changelog ALL DEPENDS ${CMAKE_BINARY_DIR}/doc/changelog.gz)
  install(FILES ${CMAKE_BINARY_DIR}/doc/changelog.gz DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/identitydesk)
endif()

# Windows and macOS: bring Qt next to the executables (windeployqt / macdeployqt). Debian's
# Qt 6.4 has qt_generate_deploy_app_script (tech preview since 6.3); Linux packages use the
# distribution's Qt instead, so the script is generated only where it is needed.
if((WIN32 OR APPLE) AND COMMAND qt_generate_deploy_app_script)
  qt_generate_deploy_app_script(TARGET identitydesk FILENAME_VARIABLE IDENTITYDESK_DEPLOY_SCRIPT
                                NO_UNSUPPORTED_PLATFORM_ERROR)
  install(SCRIPT ${IDENTITYDESK_DEPLOY_SCRIPT})
endif()
if(APPLE)
  set_target_properties(identitydesk PROPERTIES
    OUTPUT_NAME IdentityDesk
    MACOSX_BUNDLE_GUI_IDENTIFIER ${IDENTITYDESK_APP_ID}
    MACOSX_BUNDLE_BUNDLE_NAME IdentityDesk
    MACOSX_BUNDLE_BUNDLE_VERSION ${PROJECT_VERSION}
    MACOSX_BUNDLE_SHORT_VERSION_STRING ${PROJECT_VERSION}
    MACOSX_BUNDLE_COPYRIGHT "GPL-3.0-or-later")
endif()

set(CPACK_PACKAGE_NAME identitydesk)
set(CPACK_PACKAGE_VENDOR "IdentityDesk contributors")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "IdentityDesk contributors <identitydesk@example.org>")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/identitydesk/identitydesk")
set(CPACK_PACKAGE_INSTALL_DIRECTORY IdentityDesk)
set(CPACK_PACKAGE_EXECUTABLES identitydesk IdentityDesk)
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)

# Debian: Qt 6 and OpenSSL from Debian, found by dpkg-shlibdeps from the executables.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The SVG icon engine, the SQLite driver and the xcb platform plugin are loaded, not linked.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6, libqt6sql6-sqlite, qt6-qpa-plugins")
# QtKeychain loads libsecret (the Secret Service client) at run time, so shlibdeps cannot see it.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libqt6sql6-psql, qt6-translations-l10n, libsecret-1-0")
# The synopsis is CPACK_PACKAGE_DESCRIPTION_SUMMARY; this is the extended description only (CPack
# writes the summary as its first line), each line under 80 characters.
set(CPACK_PACKAGE_DESCRIPTION
    "IdentityDesk lets compliance teams search end users across the identity
verification providers Smile ID, SDK.Finance, Trust Swiftly and SmartID
Suite, review pending reset-identification requests, and change a user's
state through one audited, four-eyes action pipeline.
.
The package holds the desktop console (identitydesk), the command-line
console (identitydesk-cli) and a TLS emulator of the providers for demos
and tests (identitydesk-sandbox).")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")

# RPM (Fedora / RHEL): requirements on libraries come from rpm's own scan of the executables;
# the plug-ins Qt loads at run time are named here, by Fedora's package names.
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_LICENSE "GPL-3.0-or-later")
set(CPACK_RPM_PACKAGE_GROUP "Applications/System")
set(CPACK_RPM_PACKAGE_URL ${CPACK_PACKAGE_HOMEPAGE_URL})
set(CPACK_RPM_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_RPM_PACKAGE_REQUIRES "qt6-qtsvg, qt6-qtbase-gui")
set(CPACK_RPM_SPEC_MORE_DEFINE "%define packager ${CPACK_PACKAGE_CONTACT}")
set(CPACK_RPM_CHANGELOG_FILE ${PROJECT_SOURCE_DIR}/packaging/rpm/changelog)
# Folders the distribution's own packages own: the RPM lists only its files in them.
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /usr/share/applications /usr/share/icons /usr/share/icons/hicolor /usr/share/icons/hicolor/scalable
    /usr/share/icons/hicolor/scalable/apps /usr/share/metainfo /usr/share/man /usr/share/man/man1
    /usr/share/bash-completion /usr/share/bash-completion/completions /usr/share/zsh
    /usr/share/zsh/site-functions /usr/share/licenses)
set(CPACK_PRE_BUILD_SCRIPTS ${PROJECT_SOURCE_DIR}/packaging/linux/CPackPreBuild.cmake)
set(CPACK_IDENTITYDESK_LICENSE_FILE ${PROJECT_SOURCE_DIR}/LICENSE)

# Windows (NSIS).
set(CPACK_NSIS_PACKAGE_NAME IdentityDesk)
set(CPACK_NSIS_DISPLAY_NAME "IdentityDesk ${PROJECT_VERSION}")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_INSTALLED_ICON_NAME bin\\\\identitydesk.exe)
set(CPACK_NSIS_URL_INFO_ABOUT ${CPACK_PACKAGE_HOMEPAGE_URL})
set(CPACK_NSIS_CREATE_ICONS_EXTRA
    "CreateShortCut '$SMPROGRAMS\\\\$STARTMENU_FOLDER\\\\IdentityDesk.lnk' '$INSTDIR\\\\bin\\\\identitydesk.exe'")
set(CPACK_WIX_UPGRADE_GUID ${IDENTITYDESK_UPGRADE_GUID})

# macOS (DragNDrop DMG of IdentityDesk.app).
set(CPACK_DMG_VOLUME_NAME IdentityDesk)

if(WIN32)
  set(CPACK_GENERATOR NSIS)
elseif(APPLE)
  set(CPACK_GENERATOR DragNDrop)
else()
  set(CPACK_GENERATOR DEB)
endif()
include(CPack)
