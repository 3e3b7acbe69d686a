// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/UserRecord.h"
#include "net/ApiError.h"
#include "net/Reply.h"

#include <QAbstractTableModel>
#include <QPointer>

class HttpReply;
class UserDirectory;

/// Search results of one UserDirectory, fetched page by page as the view scrolls.
class UsersModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsersModel)

public:
    enum Column
    {
        NameColumn,
        EmailColumn,
        PhoneColumn,
        StatusColumn,
        ReferenceColumn,
        IdColumn,
        ColumnCount
    };
    enum Role
    {
        UserIdRole = Qt::UserRole + 1,
        ProviderRole,
        UserRecordRole
    };
    enum class State
    {
        Idle,
        Loading,
        Loaded,
        Empty,
        Error
    };
    Q_ENUM(State)

    explicit UsersModel(UserDirectory* directory, QObject* parent = nullptr);
    ~UsersModel() override;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    /// Starts a new search; a search still in flight is cancelled. Empty text clears the model.
    void setQuery(const QString& text);
    QString query() const { return m_query; }
    /// After an error: asks again for the page that failed (the first page, or the next one).
    void retry();
    void setPageSize(int size) { m_pageSize = size; }
    int pageSize() const { return m_pageSize; }

    State state() const { return m_state; }
    const ApiError& lastError() const { return m_error; }
    /// Matches at the provider, as it reports them (may exceed rowCount until all pages are fetched).
    qint64 totalCount() const { return m_total; }
    bool isFetching() const { return !m_pending.isNull(); }
    UserRecord itemAt(const QModelIndex& index) const;
    /// Replaces one row's record (e.g. after a fresh lookup), keyed by provider id.
    void updateUser(const UserRecord& user);

signals:
    void stateChanged(UsersModel::State state);
    /// A page arrived; rows may have been appended.
    void pageLoaded(int page);

private:
    void requestPage(int page);
    void onPage(const Reply<UserPage>& reply, int page);
    void setState(State state);

    UserDirectory* m_directory;
    QList<UserRecord> m_users;
    QPointer<HttpReply> m_pending;
    QString m_query;
    ApiError m_error;
    State m_state = State::Idle;
    int m_pageSize = 50;
    int m_loadedPage = 0;
    int m_lastPage = 0;
    qint64 m_total = 0;
    quint64 m_generation = 0;
};
