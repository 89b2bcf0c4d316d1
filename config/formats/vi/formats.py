# Django's Vietnamese formats write "Ngày 01 tháng 3" with a capital N mid-sentence ("… sẽ
# đóng vào 18:00 Ngày 23 …") and a zero-padded day; Vietnamese writes "18:00, ngày 23
# tháng 11 năm 2026". https://docs.djangoproject.com/en/5.2/topics/i18n/formatting/#creating-custom-format-files
DATE_FORMAT = r"\n\gà\y j \t\há\n\g n \nă\m Y"
DATETIME_FORMAT = r"H:i, \n\gà\y j \t\há\n\g n \nă\m Y"
