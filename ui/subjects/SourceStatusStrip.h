// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/SearchSourceStatus.h"

#include <QMap>
#include <QPointer>
#include <QWidget>

class QHBoxLayout;
class QLabel;
class QPushButton;
class SearchService;

/// One small label per federated-search source above the results: "Trust Swiftly: loading…",
/// "SDK.Finance: 12 results" or the source's error with a Retry button. A failing source is shown
/// here and never stops the others.
class SourceStatusStrip final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SourceStatusStrip)

public:
    explicit SourceStatusStrip(QWidget* parent = nullptr);

    /// Not owned; rebuilds one entry per source of the service.
    void setService(SearchService* service);
    void updateStatus(const QString& source, const SearchSourceStatus& status);
    /// The text shown for a source ("" when unknown).
    QString statusText(const QString& source) const;
    QPushButton* retryButton(const QString& source) const;

protected:
    /// A theme or language switch: the chips are drawn again in the new colours and words (their
    /// style sheets resolve palette() when they are set, so they are set again).
    void changeEvent(QEvent* event) override;

private:
    struct Entry
    {
        QLabel* label = nullptr;
        QPushButton* retry = nullptr;
    };

    QPointer<SearchService> m_service;
    QHBoxLayout* m_layout;
    QMap<QString, Entry> m_entries;
};
