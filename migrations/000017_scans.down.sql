DROP TABLE word_boxes;
DROP TABLE page_images;
