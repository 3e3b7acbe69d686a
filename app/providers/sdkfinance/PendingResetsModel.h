// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ResetRequest.h"
#include "domain/ResetRequestPage.h"
#include "net/ApiError.h"
#include "net/Reply.h"

#include <QAbstractTableModel>
#include <QPointer>

class HttpReply;
class SdkFinanceClient;

/// SDK.Finance's reset-identification requests with one status, fetched page by page as the view
/// scrolls. refresh() asks again for what is shown and updates it in place, so a view keeps its
/// selection and scroll position.
class PendingResetsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PendingResetsModel)

public:
    /// The person first (who a reviewer decides about), how long they have waited, the request id last.
    enum Column
    {
        UserColumn,
        AgeColumn,
        CreatedColumn,
        StatusColumn,
        CommentColumn,
        RequestIdColumn,
        ColumnCount
    };
    enum Role
    {
        RequestIdRole = Qt::UserRole + 1,
        UserIdRole,
        CreatedAtRole,
        ResetRequestRole
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

    /// client is not owned and must outlive the model. Nothing is fetched before reload().
    explicit PendingResetsModel(SdkFinanceClient* client, QObject* parent = nullptr);
    ~PendingResetsModel() override;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    /// Shows the requests with this status ("PENDING" by default; empty: every status) from the
    /// first page on; whatever was in flight is cancelled.
    void setStatus(const QString& status);
    QString status() const { return m_status; }
    /// Starts again from the first page (rows are replaced).
    void reload();
    /// Asks again for the pages shown and updates rows in place: changed rows are updated, vanished
    /// ones removed and new ones inserted where the provider lists them; the rest stay as they are.
    /// Does nothing while a refresh or the first page is already on its way; a later page in flight
    /// is cancelled (the refresh covers what is shown).
    void refresh();
    /// After an error: asks again for what failed (the first page, the next page, or the refresh).
    void retry();
    /// Rows per page, 1..1000 (default 50); takes effect at the next reload().
    void setPageSize(int size);
    int pageSize() const { return m_pageSize; }

    /// How long a request has waited, in its largest whole unit: "waiting 3 d", "waiting 5 h",
    /// "waiting 12 min", "waiting < 1 min".
    static QString ageText(qint64 seconds);

    State state() const { return m_state; }
    const ApiError& lastError() const { return m_error; }
    /// Requests with this status at the provider, as it last reported them (may exceed rowCount).
    qint64 totalCount() const { return m_total; }
    bool isFetching() const { return !m_pending.isNull(); }
    bool isRefreshing() const { return m_refreshing; }
    ResetRequest itemAt(const QModelIndex& index) const;
    /// The row of a request id; -1 when it is not loaded.
    int rowOf(const QString& requestId) const;

signals:
    void stateChanged(PendingResetsModel::State state);
    void totalCountChanged(qint64 total);
    /// A page arrived (0-based); rows may have been appended.
    void pageLoaded(int pageNumber);
    /// A refresh completed and its changes are applied.
    void refreshed();

private:
    void requestPage(int pageNumber);
    void onPage(const Reply<ResetRequestPage>& reply, int pageNumber);
    void requestRefreshPage(int pageNumber, int pages, QList<ResetRequest> collected);
    void applyRefresh(QList<ResetRequest> fresh);
    void cancelPending();
    void setState(State state);
    void setTotal(qint64 total);

    SdkFinanceClient* m_client;
    QList<ResetRequest> m_rows;
    QPointer<HttpReply> m_pending;
    QString m_status;
    ApiError m_error;
    State m_state = State::Idle;
    int m_pageSize = 50;
    int m_loadedPages = 0; ///< pages 0..m_loadedPages-1 are in m_rows
    int m_totalPages = 0;
    qint64 m_total = 0;
    bool m_refreshing = false;
    bool m_refreshFailed = false;
    quint64 m_generation = 0;
};
