// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QTemporaryDir>

/// A fresh, empty store for one test run: a SQLite file in a temporary folder, or a new database
/// on the PostgreSQL server of IDENTITYDESK_TEST_POSTGRES_URL (dropped again at the end).
class TestStore final
{
public:
    TestStore();
    ~TestStore();

    /// "sqlite" or "postgresql", from IDENTITYDESK_TEST_STORE_BACKEND (default sqlite).
    static QString backend();
    /// True unless PostgreSQL is asked for and IDENTITYDESK_TEST_POSTGRES_URL is unset.
    static bool available();
    /// Creates an empty store; false with *error.
    bool create(QString* error);
    /// The URL to give StoreFactory::open or --store.
    QString url() const { return m_url; }
    QString sqlitePath() const { return m_sqlitePath; }

private:
    QTemporaryDir m_dir;
    QString m_url;
    QString m_sqlitePath;
    QString m_adminUrl;
    QString m_database;
};
