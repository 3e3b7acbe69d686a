// SPDX-License-Identifier: GPL-3.0-or-later
#include "ActionsModel.h"

#include "domain/DisplayTime.h"
#include "domain/Policy.h"
#include "domain/PrintableText.h"
#include "store/Store.h"

#include <QCoreApplication>
#include <QLocale>

namespace {
QString age(const QDateTime& from, const QDateTime& now)
{
    const qint64 s = qMax<qint64>(0, from.secsTo(now));
    if (s < 60)
        return ActionsModel::tr("%n second(s)", nullptr, int(s));
    if (s < 3600)
        return ActionsModel::tr("%n minute(s)", nullptr, int(s / 60));
    if (s < 86400)
        return ActionsModel::tr("%n hour(s)", nullptr, int(s / 3600));
    return ActionsModel::tr("%n day(s)", nullptr, int(s / 86400));
}
} // namespace

ActionsModel::ActionsModel(Store* store, ActionRecord::State state, QObject* parent)
    : QAbstractTableModel(parent)
    , m_store(store)
    , m_state(state)
{}

ActionsModel::~ActionsModel() = default;

int ActionsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_actions.size());
}

int ActionsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ActionsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const ActionRecord& a = m_actions.at(index.row());
    if (role == ActionIdRole)
        return a.id;
    if (role == InitiatorRole)
        return a.initiator;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return QVariant();
    switch (index.column()) {
    case IdColumn:
        return QString::number(a.id);
    case ActionColumn: {
        if (GovernanceChange::isGovernance(a.request))
            return GovernanceChange::describeRequest(a.request);
        const QString described = m_describer ? m_describer(a.request, personName(a)) : QString();
        return described.isEmpty() ? Policy::describe(a.actionKey()) : described;
    }
    // Stored text is shown with its control characters escaped (PrintableText): one line per cell.
    case UserColumn:
        return PrintableText::escaped(a.request.userId);
    case InitiatorColumn:
        return PrintableText::escaped(a.initiator);
    case ReasonColumn:
        return PrintableText::escaped(a.request.reason);
    case AgeColumn:
        return role == Qt::ToolTipRole
                   ? DisplayTime::formatLong(a.createdAt)
                   : age(a.createdAt, m_now.isValid() ? m_now : QDateTime::currentDateTimeUtc());
    case DetailColumn:
        return PrintableText::escaped(a.outcomeMessage);
    default:
        return QVariant();
    }
}

QVariant ActionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return tr("#");
    case ActionColumn:
        return tr("Action");
    case UserColumn:
        return tr("User");
    case InitiatorColumn:
        return tr("Requested by");
    case ReasonColumn:
        return tr("Reason");
    case AgeColumn:
        return tr("Age");
    case DetailColumn:
        return tr("Detail");
    default:
        return QVariant();
    }
}

bool ActionsModel::refresh()
{
    QString error;
    std::optional<QList<ActionRecord>> fresh = m_store->actionsInState(m_state, &error);
    if (!fresh) {
        m_error = error;
        return false;
    }
    m_error.clear();
    std::sort(fresh->begin(), fresh->end(),
              [](const ActionRecord& a, const ActionRecord& b) { return a.id > b.id; });
    // The names of the people targeted: one look-up per provider, not one per cell.
    QHash<QString, QStringList> idsByProvider;
    for (const ActionRecord& a : std::as_const(*fresh))
        if (!a.request.provider.isEmpty() && !a.request.userId.isEmpty())
            idsByProvider[a.request.provider].append(a.request.userId);
    QHash<QString, QString> names;
    for (auto it = idsByProvider.constBegin(); it != idsByProvider.constEnd(); ++it) {
        QString ignored; // no subject index, or unreadable: the ids alone name the people
        const std::optional<QHash<QString, QString>> owners =
            m_store->linkOwners(it.key(), it.value(), &ignored);
        if (!owners || owners->isEmpty())
            continue;
        QStringList references = owners->values();
        references.removeDuplicates();
        const std::optional<QList<Subject>> subjects = m_store->subjectsByReference(references, &ignored);
        if (!subjects)
            continue;
        QHash<QString, QString> nameOf;
        for (const Subject& subject : *subjects)
            nameOf.insert(subject.reference, subject.name);
        for (auto owner = owners->constBegin(); owner != owners->constEnd(); ++owner) {
            const QString name = nameOf.value(owner.value());
            if (!name.isEmpty())
                names.insert(it.key() + QLatin1Char('\n') + owner.key(), name);
        }
    }
    beginResetModel();
    m_actions = *fresh;
    m_names = names;
    endResetModel();
    return true;
}

QString ActionsModel::personName(const ActionRecord& action) const
{
    return m_names.value(action.request.provider + QLatin1Char('\n') + action.request.userId);
}

ActionRecord ActionsModel::itemAt(const QModelIndex& index) const
{
    if (!index.isValid() || index.row() >= m_actions.size())
        return ActionRecord();
    return m_actions.at(index.row());
}

int ActionsModel::rowOf(qint64 actionId) const
{
    for (int i = 0; i < m_actions.size(); ++i)
        if (m_actions.at(i).id == actionId)
            return i;
    return -1;
}
