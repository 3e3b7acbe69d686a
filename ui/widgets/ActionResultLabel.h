// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "widgets/MessageBanner.h"

#include <QLabel>

class ActionTicket;

/// The last result of an action, kept in a panel instead of a dialog: follows one ticket from
/// "sending" through any wait to where the action ended up.
class ActionResultLabel final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ActionResultLabel)

public:
    explicit ActionResultLabel(QWidget* parent = nullptr);

    /// Shows sendingText now, then wait notices, then the outcome; busy until the ticket ends. Each
    /// line is followed by whom it is for (subject, e.g. "Nakato Silva (Smile ID REF-000253)").
    void track(ActionTicket* ticket, const QString& sendingText, const QString& subject = QString());
    bool isBusy() const { return m_busy; }
    /// A ticket that went away with its service no longer keeps the panel busy.
    void forget();
    void showResult(MessageBanner::Level level, const QString& text);
    void clearResult();
    /// The shown text, empty while hidden.
    QString resultText() const;

    /// text, then on a line of its own whom the action is for ("For Nakato Silva (Smile ID …)");
    /// text alone when subject is empty.
    static QString withSubject(const QString& text, const QString& subject);

signals:
    void busyChanged(bool busy);

private:
    void setBusy(bool busy);
    /// text, then on a line of its own whom the tracked action is for.
    void showFor(MessageBanner::Level level, const QString& text);

    bool m_busy = false;
    QString m_subject; ///< whom the tracked action is for
};
