// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

/// The application's translations (compiled into the binaries under :/i18n) and Qt's own ones.
/// install() replaces the translators of the running application, which sends every widget a
/// QEvent::LanguageChange, so the language can change at runtime.
class Translations final
{
    Q_DECLARE_TR_FUNCTIONS(Translations)

public:
    /// The languages IdentityDesk ships, as ISO 639-1 codes ("en", "fr", "pt").
    static QStringList available();
    /// The language the system locale asks for, or "en" when it is not one of ours.
    static QString systemLanguage();
    /// Installs `language` ("" = the system's). Returns the language now in use. Also sets the
    /// default QLocale, so dates and numbers follow.
    static QString install(const QString& language);
    /// The language install() set last.
    static QString current();
    /// The language's own name, e.g. "Français".
    static QString nativeName(const QString& language);
    /// The resource path of a language's compiled catalogue.
    static QString qmPath(const QString& language);
};
