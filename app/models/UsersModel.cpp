// SPDX-License-Identifier: GPL-3.0-or-later
#include "UsersModel.h"

#include "net/HttpReply.h"
#include "services/UserDirectory.h"

UsersModel::UsersModel(UserDirectory* directory, QObject* parent)
    : QAbstractTableModel(parent)
    , m_directory(directory)
{}

UsersModel::~UsersModel()
{
    if (m_pending)
        m_pending->cancel();
}

int UsersModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_users.size());
}

int UsersModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UsersModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const UserRecord& u = m_users.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case NameColumn:
            return (u.firstName + QLatin1Char(' ') + u.lastName).trimmed();
        case EmailColumn:
            return u.email;
        case PhoneColumn:
            return u.phone;
        case StatusColumn:
            return u.status;
        case ReferenceColumn:
            return u.referenceId;
        case IdColumn:
            return u.id;
        default:
            return QVariant();
        }
    case UserIdRole:
        return u.id;
    case ProviderRole:
        return u.provider;
    case UserRecordRole:
        return QVariant::fromValue(u);
    default:
        return QVariant();
    }
}

QVariant UsersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case EmailColumn:
        return tr("E-mail");
    case PhoneColumn:
        return tr("Phone");
    case StatusColumn:
        return tr("Status");
    case ReferenceColumn:
        return tr("Reference");
    case IdColumn:
        return tr("Provider id");
    default:
        return QVariant();
    }
}

bool UsersModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && m_state == State::Loaded && m_pending.isNull() && m_loadedPage < m_lastPage;
}

void UsersModel::fetchMore(const QModelIndex& parent)
{
    if (canFetchMore(parent))
        requestPage(m_loadedPage + 1);
}

void UsersModel::setQuery(const QString& text)
{
    const QString query = text.trimmed();
    if (m_pending) {
        m_pending->disconnect(this);
        m_pending->cancel();
        m_pending = nullptr;
    }
    ++m_generation;
    beginResetModel();
    m_users.clear();
    m_query = query;
    m_loadedPage = 0;
    m_lastPage = 0;
    m_total = 0;
    m_error = ApiError();
    endResetModel();
    if (query.isEmpty()) {
        setState(State::Idle);
        return;
    }
    setState(State::Loading);
    requestPage(1);
}

void UsersModel::retry()
{
    if (m_state != State::Error || m_pending)
        return;
    if (m_loadedPage == 0) {
        setQuery(m_query);
        return;
    }
    m_error = ApiError();
    setState(State::Loaded);
    requestPage(m_loadedPage + 1);
}

void UsersModel::requestPage(int page)
{
    const auto reply = m_directory->searchUsers(m_query, page, m_pageSize);
    m_pending = reply;
    const quint64 generation = m_generation;
    connect(reply, &HttpReply::finished, this, [this, reply, page, generation] {
        if (generation == m_generation)
            onPage(reply, page);
    });
    if (page > 1)
        emit stateChanged(m_state); // lets a view show "loading more"
}

void UsersModel::onPage(const Reply<UserPage>& reply, int page)
{
    m_pending = nullptr;
    const HttpResult& result = reply->result();
    if (!result.ok()) {
        if (result.error.kind == ApiError::Kind::Cancelled)
            return;
        m_error = result.error;
        // A failed later page keeps the rows already shown; the error is still reported.
        setState(State::Error);
        return;
    }
    const UserPage p = reply.value();
    m_lastPage = p.lastPage;
    m_loadedPage = page;
    m_total = p.total;
    if (!p.users.isEmpty()) {
        const int first = int(m_users.size());
        beginInsertRows(QModelIndex(), first, first + int(p.users.size()) - 1);
        m_users.append(p.users);
        endInsertRows();
    }
    if (page >= p.lastPage || p.users.isEmpty())
        m_lastPage = page; // nothing more to fetch, whatever the provider claimed
    setState(m_users.isEmpty() ? State::Empty : State::Loaded);
    emit pageLoaded(page);
}

void UsersModel::setState(State state)
{
    m_state = state;
    emit stateChanged(state);
}

UserRecord UsersModel::itemAt(const QModelIndex& index) const
{
    if (!index.isValid() || index.row() >= m_users.size())
        return UserRecord();
    return m_users.at(index.row());
}

void UsersModel::updateUser(const UserRecord& user)
{
    for (int row = 0; row < m_users.size(); ++row) {
        if (m_users.at(row).id == user.id && m_users.at(row).provider == user.provider) {
            m_users[row] = user;
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
            return;
        }
    }
}
