// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProfileFieldReader.h"

#include <QCoreApplication>
#include <QProcessEnvironment>

ProfileFieldReader::ProfileFieldReader(const QJsonObject& object, QString prefix, QString* problem)
    : m_object(object)
    , m_prefix(std::move(prefix))
    , m_problem(problem)
{}

QString ProfileFieldReader::string(const char* key, bool required, const QString& envFallback)
{
    const QString name = QString::fromLatin1(key);
    const QJsonValue v = m_object.value(name);
    if (v.isUndefined() || v.isNull()) {
        if (!envFallback.isEmpty()) {
            const QString env = QProcessEnvironment::systemEnvironment().value(envFallback);
            if (!env.isEmpty())
                return env;
        }
        if (required)
            fail(QCoreApplication::translate("ConnectionProfile", "field '%1' is missing").arg(path(name)) +
                 (envFallback.isEmpty()
                      ? QString()
                      : QCoreApplication::translate("ConnectionProfile", " (or set %1)").arg(envFallback)));
        return QString();
    }
    if (!v.isString()) {
        fail(QCoreApplication::translate("ConnectionProfile", "field '%1' must be a string").arg(path(name)));
        return QString();
    }
    const QString s = v.toString();
    if (required && s.trimmed().isEmpty())
        fail(QCoreApplication::translate("ConnectionProfile", "field '%1' is empty").arg(path(name)));
    return s;
}

QUrl ProfileFieldReader::url(const char* key, const QUrl& fallback)
{
    const QJsonValue given = m_object.value(QString::fromLatin1(key));
    if (fallback.isValid() && (given.isUndefined() || given.isNull()))
        return fallback;
    const QString text = string(key, true);
    if (text.isEmpty())
        return QUrl();
    const QUrl u(text, QUrl::StrictMode);
    if (!u.isValid() || u.host().isEmpty())
        fail(QCoreApplication::translate("ConnectionProfile", "field '%1' is not a valid URL: %2")
                 .arg(path(QString::fromLatin1(key)), text));
    else if (u.scheme() != QLatin1String("https"))
        fail(QCoreApplication::translate("ConnectionProfile", "field '%1' must be an https:// URL (got %2)")
                 .arg(path(QString::fromLatin1(key)), text));
    else if (u.hasQuery() || u.hasFragment())
        fail(QCoreApplication::translate("ConnectionProfile", "field '%1' must not carry a query or fragment")
                 .arg(path(QString::fromLatin1(key))));
    return u;
}

void ProfileFieldReader::fail(const QString& problem)
{
    if (m_problem->isEmpty())
        *m_problem = problem;
}
