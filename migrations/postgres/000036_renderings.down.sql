DROP TABLE rendering_stamps;
DROP TABLE renderings;
