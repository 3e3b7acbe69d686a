# SPDX-License-Identifier: GPL-3.0-or-later
# Install rules and installers. project(VERSION) is the single source of the version; the licence,
# icon and Windows upgrade GUID are set here once.
#   Linux:   cpack -G DEB   (Debian package; dependencies from dpkg-shlibdeps)
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
  install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/identitydesk RENAME copyright)
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
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The SVG icon engine, the SQLite driver and the xcb platform plugin are loaded, not linked.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6, libqt6sql6-sqlite, qt6-qpa-plugins")
# QtKeychain loads libsecret (the Secret Service client) at run time, so shlibdeps cannot see it.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libqt6sql6-psql, qt6-translations-l10n, libsecret-1-0")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "${PROJECT_DESCRIPTION}
 IdentityDesk lets compliance teams search end users across identity-verification
 providers and change their state through one audited, four-eyes action pipeline.")

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
