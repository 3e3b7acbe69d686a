// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemoSubjects.h"

#include "DemoOperators.h"
#include "SubjectService.h"
#include "domain/Operator.h"
#include "store/Store.h"

#include <QFileInfo>

bool DemoSubjects::import(Store* store, const QString& csvPath, QString* error)
{
    if (csvPath.isEmpty() || !QFileInfo::exists(csvPath))
        return true;
    Operator supervisor;
    supervisor.role = Role::Supervisor;
    for (const DemoOperators::Account& account : DemoOperators::accounts()) {
        if (account.role == Role::Supervisor) {
            supervisor.name = account.name;
            break;
        }
    }
    SubjectService subjects(*store, supervisor);
    const SubjectImportReport report = subjects.planImport(csvPath);
    return subjects.applyImport(report, QStringLiteral("Demo mode: the sandbox's subject index"), error);
}
