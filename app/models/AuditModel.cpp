// SPDX-License-Identifier: GPL-3.0-or-later
#include "AuditModel.h"
#include "domain/DisplayTime.h"
#include "domain/PrintableText.h"

#include <QLocale>

AuditModel::AuditModel(AuditLogReader log, QObject* parent)
    : QAbstractTableModel(parent)
    , m_log(log)
{}

AuditModel::~AuditModel() = default;

int AuditModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return QVariant();
    const AuditEntry& e = m_entries.at(index.row());
    switch (index.column()) {
    case SeqColumn:
        return QString::number(e.seq);
    case TimeColumn:
        return role == Qt::ToolTipRole ? DisplayTime::formatLong(e.time) : DisplayTime::format(e.time);
    // Stored text is shown with its control characters escaped (PrintableText): one line per cell.
    case OperatorColumn:
        return PrintableText::escaped(e.operatorName);
    case RoleColumn:
        return e.role;
    case EventColumn:
        return e.event;
    case ActionColumn:
        return e.action;
    case UserColumn:
        return PrintableText::escaped(e.subjectIds.join(QStringLiteral(", ")));
    case ReasonColumn:
        return PrintableText::escaped(e.reason);
    case OutcomeColumn:
        return PrintableText::escaped(e.outcome);
    default:
        return QVariant();
    }
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SeqColumn:
        return tr("#");
    case TimeColumn:
        return tr("Time");
    case OperatorColumn:
        return tr("Operator");
    case RoleColumn:
        return tr("Role");
    case EventColumn:
        return tr("Event");
    case ActionColumn:
        return tr("Action");
    case UserColumn:
        return tr("User");
    case ReasonColumn:
        return tr("Reason");
    case OutcomeColumn:
        return tr("Outcome");
    default:
        return QVariant();
    }
}

bool AuditModel::refresh()
{
    QString error;
    std::optional<QList<AuditEntry>> fresh = m_log.entries(m_filter, &error);
    if (!fresh) {
        m_error = error;
        return false;
    }
    m_error.clear();
    std::sort(fresh->begin(), fresh->end(),
              [](const AuditEntry& a, const AuditEntry& b) { return a.seq > b.seq; });
    beginResetModel();
    m_entries = *fresh;
    endResetModel();
    return true;
}

AuditEntry AuditModel::itemAt(const QModelIndex& index) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return AuditEntry();
    return m_entries.at(index.row());
}
