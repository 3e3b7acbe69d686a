// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>
#include <QUrl>

/// Reads the fields of one JSON object of a connection profile file and remembers the first
/// problem, named by its dotted path ("<section>.<field>").
class ProfileFieldReader
{
public:
    ProfileFieldReader(const QJsonObject& object, QString prefix, QString* problem);

    /// A string field; when absent, the environment variable envFallback (if named and set).
    QString string(const char* key, bool required, const QString& envFallback = QString());
    /// A required https URL, or `fallback` (when valid) if the field is absent.
    QUrl url(const char* key, const QUrl& fallback = QUrl());
    /// Records a problem unless one was recorded before.
    void fail(const QString& problem);
    /// "<prefix>.<name>", or name at the top level.
    QString path(const QString& name) const { return m_prefix.isEmpty() ? name : m_prefix + '.' + name; }

private:
    QJsonObject m_object;
    QString m_prefix;
    QString* m_problem;
};
