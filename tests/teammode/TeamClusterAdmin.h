// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QUrl>

/// The test cluster as its administrator sees it (IDENTITYDESK_TEST_POSTGRES_URL, from
/// tools/postgres-test-cluster): plain SQL as that role, and plain connections as any login, for the
/// team-mode tests' set-up and their attacks.
class TeamClusterAdmin final
{
public:
    explicit TeamClusterAdmin(QUrl admin = QUrl())
        : m_admin(std::move(admin))
    {}

    const QUrl& url() const { return m_admin; }
    /// Runs one statement as the administrator on a connection of its own, in the cluster's own
    /// database; false with *error (the server's words) when it fails.
    bool exec(const QString& sql, QString* error) const;
    /// A QPSQL connection named `name` to database `db` as user (opened; reused when it exists).
    QSqlDatabase connect(const QString& name, const QString& db, const QString& user,
                         const QString& password) const;

    /// Removes a test's store: its database, the login roles it made and the store's group roles.
    void dropStore(const QString& db, const QStringList& logins) const;

private:
    QUrl m_admin;
};
