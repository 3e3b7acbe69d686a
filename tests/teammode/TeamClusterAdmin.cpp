// SPDX-License-Identifier: GPL-3.0-or-later
#include "TeamClusterAdmin.h"

#include "domain/Operator.h"
#include "store/TeamSchema.h"

#include <QSqlError>
#include <QSqlQuery>

bool TeamClusterAdmin::exec(const QString& sql, QString* error) const
{
    const QString name = QStringLiteral("team-cluster-admin");
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(m_admin.host());
        db.setPort(m_admin.port(5432));
        db.setUserName(m_admin.userName());
        db.setPassword(m_admin.password());
        db.setDatabaseName(m_admin.path().mid(1));
        if (db.open()) {
            QSqlQuery q(db);
            ok = q.exec(sql);
            if (!ok)
                *error = q.lastError().text();
        } else {
            *error = db.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

QSqlDatabase TeamClusterAdmin::connect(const QString& name, const QString& db, const QString& user,
                                       const QString& password) const
{
    if (QSqlDatabase::contains(name))
        return QSqlDatabase::database(name);
    QSqlDatabase c = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    c.setHostName(m_admin.host());
    c.setPort(m_admin.port(5432));
    c.setUserName(user);
    c.setPassword(password);
    c.setDatabaseName(db);
    c.open();
    return c;
}

void TeamClusterAdmin::dropStore(const QString& db, const QStringList& logins) const
{
    QString ignored;
    exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(db), &ignored);
    for (const QString& name : logins)
        exec(QStringLiteral("DROP ROLE IF EXISTS \"%1\"").arg(name), &ignored);
    for (Role r : {Role::Officer, Role::Supervisor, Role::Auditor})
        exec(QStringLiteral("DROP ROLE IF EXISTS %1").arg(TeamSchema::groupRole(db, r)), &ignored);
}
