// SPDX-License-Identifier: GPL-3.0-or-later
// The library's content is the compiled translations (resources under :/i18n, see CMakeLists.txt).
namespace IdentityDeskTranslations {
int resourceLibraryAnchor()
{
    return 0;
}
} // namespace IdentityDeskTranslations
