// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemoOperators.h"

#include "store/PasswordHasher.h"
#include "store/Store.h"

QString DemoOperators::password()
{
    return QStringLiteral("demo-password");
}

QList<DemoOperators::Account> DemoOperators::accounts()
{
    return {{QStringLiteral("officer"), Role::Officer},
            {QStringLiteral("supervisor"), Role::Supervisor},
            {QStringLiteral("supervisor2"), Role::Supervisor},
            {QStringLiteral("auditor"), Role::Auditor}};
}

bool DemoOperators::seed(Store* store, QString* error)
{
    for (const Account& account : accounts()) {
        const std::optional<QString> hash =
            PasswordHasher::hash(password(), PasswordHasher::kMinimumIterations, error);
        if (!hash)
            return false;
        Operator op;
        op.name = account.name;
        op.role = account.role;
        op.createdAt = QDateTime::currentDateTimeUtc();
        AuditEntry entry;
        entry.operatorName = QStringLiteral("demo-setup");
        entry.role = QStringLiteral("system");
        entry.event = QStringLiteral("operator-added");
        entry.action = QStringLiteral("operators");
        entry.subjectIds = QStringList{account.name};
        entry.reason = tr("Demo mode");
        entry.after = QJsonObject{{QStringLiteral("name"), account.name},
                                  {QStringLiteral("role"), Roles::toString(account.role)}};
        if (!store->addOperatorAudited(op, *hash, entry, error))
            return false;
    }
    return true;
}
