// SPDX-License-Identifier: GPL-3.0-or-later
#include "PendingResetsModel.h"

#include "domain/DisplayTime.h"
#include "domain/PrintableText.h"
#include "domain/ResetRequestPage.h"
#include "net/HttpReply.h"
#include "providers/sdkfinance/SdkFinanceClient.h"
#include "providers/sdkfinance/SdkFinanceWire.h"

#include <QLocale>
#include <QSet>

PendingResetsModel::PendingResetsModel(SdkFinanceClient* client, QObject* parent)
    : QAbstractTableModel(parent)
    , m_client(client)
    , m_status(QLatin1String(SdkFinanceWire::kPending))
{}

PendingResetsModel::~PendingResetsModel()
{
    cancelPending();
}

int PendingResetsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PendingResetsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PendingResetsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const ResetRequest& r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case RequestIdColumn:
            return r.id;
        case UserColumn: // what SDK.Finance returns is shown escaped (PrintableText)
            return PrintableText::escaped(r.userName.isEmpty() ? r.userId : r.userName);
        case AgeColumn:
            return r.createdAt.isValid() ? ageText(r.createdAt.secsTo(QDateTime::currentDateTimeUtc()))
                                         : QString();
        case CreatedColumn:
            return r.createdAt.isValid() ? DisplayTime::format(r.createdAt) : r.createdAtText;
        case StatusColumn:
            return r.status;
        case CommentColumn:
            return PrintableText::escaped(r.comment);
        default:
            return QVariant();
        }
    case Qt::ToolTipRole:
        switch (index.column()) {
        case UserColumn:
            return PrintableText::escaped(
                r.userName.isEmpty() ? r.userId : tr("%1 (user id %2)").arg(r.userName, r.userId));
        case CreatedColumn:
            return r.createdAt.isValid() ? DisplayTime::formatLong(r.createdAt) : r.createdAtText;
        default:
            return data(index, Qt::DisplayRole);
        }
    case RequestIdRole:
        return r.id;
    case UserIdRole:
        return r.userId;
    case CreatedAtRole:
        return r.createdAt;
    case ResetRequestRole:
        return QVariant::fromValue(r);
    default:
        return QVariant();
    }
}

QString PendingResetsModel::ageText(qint64 seconds)
{
    //: How long a request has waited; "d" is days.
    if (seconds >= 86400)
        return tr("waiting %1 d").arg(seconds / 86400);
    //: "h" is hours.
    if (seconds >= 3600)
        return tr("waiting %1 h").arg(seconds / 3600);
    if (seconds >= 60)
        return tr("waiting %1 min").arg(seconds / 60);
    return tr("waiting < 1 min");
}

QVariant PendingResetsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case RequestIdColumn:
        return tr("Request");
    case UserColumn:
        return tr("User");
    case AgeColumn:
        return tr("Waiting");
    case CreatedColumn:
        return tr("Created");
    case StatusColumn:
        return tr("Status");
    case CommentColumn:
        return tr("Comment");
    default:
        return QVariant();
    }
}

bool PendingResetsModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && m_state == State::Loaded && m_pending.isNull() && !m_refreshing &&
           m_loadedPages < m_totalPages;
}

void PendingResetsModel::fetchMore(const QModelIndex& parent)
{
    if (canFetchMore(parent))
        requestPage(m_loadedPages);
}

void PendingResetsModel::setStatus(const QString& status)
{
    m_status = status.trimmed();
    reload();
}

void PendingResetsModel::setPageSize(int size)
{
    m_pageSize = qBound(1, size, SdkFinanceWire::kMaxPageSize);
}

void PendingResetsModel::cancelPending()
{
    if (m_pending) {
        m_pending->disconnect(this);
        m_pending->cancel();
        m_pending = nullptr;
    }
}

void PendingResetsModel::reload()
{
    cancelPending();
    ++m_generation;
    beginResetModel();
    m_rows.clear();
    m_loadedPages = 0;
    m_totalPages = 0;
    m_refreshing = false;
    m_refreshFailed = false;
    m_error = ApiError();
    endResetModel();
    setState(State::Loading);
    requestPage(0);
}

void PendingResetsModel::retry()
{
    if (m_state != State::Error || m_pending)
        return;
    if (m_loadedPages == 0) {
        reload();
        return;
    }
    m_error = ApiError();
    setState(State::Loaded);
    if (m_refreshFailed) {
        m_refreshFailed = false;
        refresh();
        return;
    }
    requestPage(m_loadedPages);
}

void PendingResetsModel::requestPage(int pageNumber)
{
    const auto reply = m_client->resetRequests(m_status, pageNumber, m_pageSize);
    m_pending = reply;
    const quint64 generation = m_generation;
    connect(reply, &HttpReply::finished, this, [this, reply, pageNumber, generation] {
        if (generation == m_generation)
            onPage(reply, pageNumber);
    });
    if (pageNumber > 0)
        emit stateChanged(m_state); // lets a view show "loading more"
}

void PendingResetsModel::onPage(const Reply<ResetRequestPage>& reply, int pageNumber)
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
    const ResetRequestPage page = reply.value();
    QList<ResetRequest> added;
    QSet<QString> known;
    for (const ResetRequest& r : std::as_const(m_rows))
        known.insert(r.id);
    for (const ResetRequest& r : page.records) {
        // Requests decided meanwhile shift later pages: never show one twice.
        if (!known.contains(r.id)) {
            known.insert(r.id);
            added << r;
        }
    }
    // Bookkeeping first: a view (or a model tester) may call fetchMore() from rowsInserted.
    m_loadedPages = pageNumber + 1;
    m_totalPages = page.totalPages;
    if (page.records.size() < m_pageSize)
        m_totalPages = m_loadedPages; // a short page is the last, whatever the provider claimed
    setTotal(page.totalRecords);
    if (!added.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows(QModelIndex(), first, first + int(added.size()) - 1);
        m_rows.append(added);
        endInsertRows();
    }
    setState(m_rows.isEmpty() ? State::Empty : State::Loaded);
    emit pageLoaded(pageNumber);
}

void PendingResetsModel::refresh()
{
    if (m_refreshing)
        return;
    if (m_loadedPages == 0) {
        if (!m_pending) // the first page is not on its way yet: start over
            reload();
        return;
    }
    cancelPending();
    m_refreshing = true;
    m_refreshFailed = false;
    requestRefreshPage(0, m_loadedPages, {});
}

void PendingResetsModel::requestRefreshPage(int pageNumber, int pages, QList<ResetRequest> collected)
{
    const auto reply = m_client->resetRequests(m_status, pageNumber, m_pageSize);
    m_pending = reply;
    const quint64 generation = m_generation;
    connect(reply, &HttpReply::finished, this,
            [this, reply, pageNumber, pages, generation, collected = std::move(collected)]() mutable {
                if (generation != m_generation)
                    return;
                m_pending = nullptr;
                const HttpResult& result = reply->result();
                if (!result.ok()) {
                    m_refreshing = false;
                    if (result.error.kind == ApiError::Kind::Cancelled)
                        return;
                    // The rows stay as they were; retry() runs the refresh again.
                    m_refreshFailed = true;
                    m_error = result.error;
                    setState(State::Error);
                    return;
                }
                const ResetRequestPage page = reply.value();
                collected.append(page.records);
                const bool lastPage = page.records.size() < m_pageSize || pageNumber + 1 >= page.totalPages;
                if (!lastPage && pageNumber + 1 < pages) {
                    requestRefreshPage(pageNumber + 1, pages, std::move(collected));
                    return;
                }
                m_loadedPages = pageNumber + 1;
                m_totalPages = lastPage ? m_loadedPages : page.totalPages;
                setTotal(page.totalRecords);
                applyRefresh(std::move(collected));
            });
}

void PendingResetsModel::applyRefresh(QList<ResetRequest> fresh)
{
    // Deduplicate (a request may move between pages while they are read).
    QSet<QString> freshIds;
    for (qsizetype i = 0; i < fresh.size();) {
        if (freshIds.contains(fresh.at(i).id)) {
            fresh.removeAt(i);
        } else {
            freshIds.insert(fresh.at(i).id);
            ++i;
        }
    }
    // 1. Remove the rows that are gone, in contiguous runs from the bottom up.
    for (int row = int(m_rows.size()) - 1; row >= 0;) {
        if (freshIds.contains(m_rows.at(row).id)) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !freshIds.contains(m_rows.at(first - 1).id))
            --first;
        beginRemoveRows(QModelIndex(), first, row);
        m_rows.remove(first, row - first + 1);
        endRemoveRows();
        row = first - 1;
    }
    // 2. Every remaining row is in the fresh list: walk it, updating rows in place, moving the
    //    rows the provider now lists elsewhere and inserting the new ones where they belong.
    for (int i = 0; i < fresh.size();) {
        const ResetRequest& want = fresh.at(i);
        if (i < m_rows.size() && m_rows.at(i).id == want.id) {
            if (m_rows.at(i) != want) {
                m_rows[i] = want;
                emit dataChanged(index(i, 0), index(i, ColumnCount - 1));
            }
            ++i;
            continue;
        }
        const int at = rowOf(want.id);
        if (at >= 0) {
            beginMoveRows(QModelIndex(), at, at, QModelIndex(), i);
            m_rows.move(at, i);
            endMoveRows();
            continue; // compared and updated on the next turn
        }
        int end = i + 1;
        while (end < fresh.size() && rowOf(fresh.at(end).id) < 0)
            ++end;
        beginInsertRows(QModelIndex(), i, end - 1);
        for (int k = i; k < end; ++k)
            m_rows.insert(k, fresh.at(k));
        endInsertRows();
        i = end;
    }
    m_refreshing = false;
    m_error = ApiError();
    setState(m_rows.isEmpty() ? State::Empty : State::Loaded);
    emit refreshed();
}

void PendingResetsModel::setState(State state)
{
    m_state = state;
    emit stateChanged(state);
}

void PendingResetsModel::setTotal(qint64 total)
{
    if (total == m_total)
        return;
    m_total = total;
    emit totalCountChanged(total);
}

ResetRequest PendingResetsModel::itemAt(const QModelIndex& index) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return ResetRequest();
    return m_rows.at(index.row());
}

int PendingResetsModel::rowOf(const QString& requestId) const
{
    for (int row = 0; row < m_rows.size(); ++row)
        if (m_rows.at(row).id == requestId)
            return row;
    return -1;
}
