// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

/// A Trust Swiftly verification template ("workflow").
struct Workflow
{
    QString id; ///< e.g. "flow_MzA"
    QString name;
    QStringList types;
};

using WorkflowList = QList<Workflow>;
Q_DECLARE_METATYPE(Workflow)
Q_DECLARE_METATYPE(WorkflowList)
