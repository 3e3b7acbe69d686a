// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QGroupBox>
#include <QStringList>

class QLabel;
class QTableWidget;
class QVBoxLayout;

/// One section of the 360 view: its own state line (loading / not linked / the error), a body of
/// rich text and, where the section is a list, a compact read-only table.
class ProfileSectionBox final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileSectionBox)

public:
    ProfileSectionBox(const QString& key, const QString& title, QWidget* parent = nullptr);

    void setLoading();
    void setUnavailable(const QString& why);
    void setError(const QString& message);
    /// Ok: `html` is the body (may be empty when only the table says something).
    void setBody(const QString& html);
    /// Shows a table with these columns and rows (hidden when `rows` is empty and `emptyText` set).
    void setTable(const QStringList& columns, const QList<QStringList>& rows, const QString& emptyText);
    QString stateText() const;
    QString bodyText() const;
    QTableWidget* table() const { return m_table; }
    QVBoxLayout* contentLayout() const { return m_layout; }

private:
    void setState(const QString& text, const QString& style);

    QVBoxLayout* m_layout;
    QLabel* m_state;
    QLabel* m_body;
    QTableWidget* m_table;
};
