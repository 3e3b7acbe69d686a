// SPDX-License-Identifier: GPL-3.0-or-later
#include "Translations.h"

#include <QLibraryInfo>
#include <QTranslator>

namespace {
QTranslator* g_app = nullptr;
QTranslator* g_qt = nullptr;
QString g_current;

void removeTranslator(QTranslator*& translator)
{
    if (!translator)
        return;
    QCoreApplication::removeTranslator(translator);
    delete translator;
    translator = nullptr;
}
} // namespace

QStringList Translations::available()
{
    return {QStringLiteral("en"), QStringLiteral("fr"), QStringLiteral("pt")};
}

QString Translations::systemLanguage()
{
    for (const QString& name : QLocale::system().uiLanguages()) {
        const QString code = name.section(QLatin1Char('-'), 0, 0).section(QLatin1Char('_'), 0, 0).toLower();
        if (available().contains(code))
            return code;
    }
    return QStringLiteral("en");
}

QString Translations::qmPath(const QString& language)
{
    return QStringLiteral(":/i18n/identitydesk_%1.qm").arg(language);
}

QString Translations::install(const QString& language)
{
    const QString wanted = available().contains(language) ? language : systemLanguage();
    removeTranslator(g_app);
    removeTranslator(g_qt);
    // Keep the system's region (number and date formats) when it speaks the chosen language.
    const QLocale system = QLocale::system();
    const QLocale locale = system.name().startsWith(wanted) ? system : QLocale(wanted);
    QLocale::setDefault(locale);
    auto* qt = new QTranslator;
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        g_qt = qt;
    else
        delete qt;
    if (g_qt)
        QCoreApplication::installTranslator(g_qt);
    auto* app = new QTranslator;
    if (app->load(qmPath(wanted)))
        g_app = app;
    else
        delete app;
    if (g_app)
        QCoreApplication::installTranslator(g_app);
    g_current = wanted;
    return wanted;
}

QString Translations::current()
{
    return g_current.isEmpty() ? systemLanguage() : g_current;
}

QString Translations::nativeName(const QString& language)
{
    if (language == QLatin1String("fr"))
        return QStringLiteral("Français");
    if (language == QLatin1String("pt"))
        return QStringLiteral("Português");
    return QStringLiteral("English");
}
