// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestStore.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QUuid>

namespace {
bool adminExec(const QString& adminUrl, const QString& sql, QString* error)
{
    const QUrl url(adminUrl);
    const QString connection = QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        db.setHostName(url.host());
        db.setPort(url.port(5432));
        db.setUserName(url.userName());
        db.setPassword(url.password());
        db.setDatabaseName(url.path().mid(1));
        if (db.open()) {
            QSqlQuery q(db);
            ok = q.exec(sql);
            if (!ok)
                *error = q.lastError().text();
            db.close();
        } else {
            *error = db.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}
} // namespace

TestStore::TestStore() = default;

TestStore::~TestStore()
{
    if (!m_database.isEmpty()) {
        QString ignored;
        adminExec(m_adminUrl, QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_database),
                  &ignored);
    }
}

QString TestStore::backend()
{
    const QString b = qEnvironmentVariable("IDENTITYDESK_TEST_STORE_BACKEND");
    return b.isEmpty() ? QStringLiteral("sqlite") : b;
}

bool TestStore::available()
{
    return backend() == QLatin1String("sqlite") ||
           !qEnvironmentVariable("IDENTITYDESK_TEST_POSTGRES_URL").isEmpty();
}

bool TestStore::create(QString* skipReason)
{
    if (backend() == QLatin1String("sqlite")) {
        m_sqlitePath = m_dir.filePath(QStringLiteral("store.sqlite"));
        m_url = QStringLiteral("sqlite:") + m_sqlitePath;
        return true;
    }
    m_adminUrl = qEnvironmentVariable("IDENTITYDESK_TEST_POSTGRES_URL");
    if (m_adminUrl.isEmpty()) {
        *skipReason =
            QStringLiteral("IDENTITYDESK_TEST_POSTGRES_URL is not set (source tools/postgres-test-cluster)");
        return false;
    }
    const QString name = QStringLiteral("idtest_") + QUuid::createUuid().toString(QUuid::Id128);
    QString error;
    if (!adminExec(m_adminUrl, QStringLiteral("CREATE DATABASE %1").arg(name), &error)) {
        *skipReason = QStringLiteral("cannot create a test database: ") + error;
        return false;
    }
    m_database = name;
    QUrl url(m_adminUrl);
    url.setPath(QLatin1Char('/') + name);
    m_url = url.toString();
    return true;
}
